namespace Pix2Pix.Engine.Checkpoints;

/// <summary>What a safetensors file holds: its tensors in header order and its <c>__metadata__</c> string map.</summary>
internal sealed class SafeTensorsFile
{
    public SafeTensorsFile(StateDict tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        Tensors = tensors;
        Metadata = metadata;
    }

    public StateDict Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public void Deconstruct(out StateDict tensors, out IReadOnlyDictionary<string, string> metadata)
    {
        tensors = Tensors;
        metadata = Metadata;
    }
}

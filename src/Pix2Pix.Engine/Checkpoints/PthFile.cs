using Pix2Pix.Engine.Checkpoints.Torch;

namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// PyTorch checkpoints (<c>.pth</c>, <c>.pt</c>): state dicts written by <c>torch.save</c>, in the zip format of
/// PyTorch ≥ 1.6 or the legacy format before it. Reading never runs anything from the file: a restricted unpickler
/// accepts only what a state dict holds (an OrderedDict of tensors) and refuses whole pickled models, TorchScript,
/// optimizer states and any other Python global with a message that says what to save instead. Float16, bfloat16 and
/// float64 tensors are read as float32, int64 as int64; a DataParallel <c>module.</c> prefix is removed. Writing gives
/// the zip format that <c>torch.load(path, weights_only=True)</c> reads.
/// </summary>
internal static class PthFile
{
    /// <summary>True when <paramref name="head"/> (a file's first bytes) starts like a PyTorch checkpoint.</summary>
    public static bool StartsLikePth(ReadOnlySpan<byte> head) => PthReader.LooksLikePth(head);

    /// <summary>Reads the state dict in <paramref name="path"/>; every problem is a <see cref="CheckpointException"/> naming the file.</summary>
    public static StateDict Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        using FileStream stream = CheckpointFiles.OpenRead(full);
        return PthReader.Read(stream, full);
    }

    /// <summary>Reads a state dict from a seekable <paramref name="stream"/> holding a whole checkpoint.</summary>
    public static StateDict Read(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
            throw new ArgumentException("Reading a .pth checkpoint needs a seekable stream (its directory is at the end); copy it to a MemoryStream first.", nameof(stream));
        return PthReader.Read(stream, sourceName);
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically, in PyTorch's zip format.</summary>
    public static void Write(string path, StateDict tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => PthWriter.Write(stream, tensors));
    }

    /// <summary>Writes <paramref name="tensors"/> in PyTorch's zip format to <paramref name="stream"/> (offsets count from the stream's start).</summary>
    public static void Write(Stream stream, StateDict tensors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        PthWriter.Write(stream, tensors);
    }
}

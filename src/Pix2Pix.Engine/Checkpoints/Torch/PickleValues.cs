namespace Pix2Pix.Engine.Checkpoints.Torch;

// The values the restricted unpickler builds. Nothing here can run code: a pickle can only make these plain records,
// and every global it names must be one of the few a state dict needs (see TorchGlobals).

/// <summary>A global the pickle named (<c>module.name</c>) and that we allow, e.g. <c>collections.OrderedDict</c>.</summary>
/// <see cref="Record"/>: a plain configuration class whose instances are only attribute bags (pytorch_GAN_zoo's
/// <c>BaseConfig</c>), allowed only when the caller reads a whole checkpoint (<see cref="PthReader.ReadCheckpoint"/>).
internal sealed record PickleGlobal(string Module, string Name, bool Record = false)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>An instance of a <see cref="PickleGlobal.Record"/> class: its class name and its attributes (the BUILD state).</summary>
internal sealed class PickleObject(string className)
{
    public string ClassName { get; } = className;

    public PickleDict State { get; set; } = new(ordered: false);

    /// <summary>The attribute <paramref name="name"/>, or null when the object has none.</summary>
    public object? Get(string name) => State.Items.FirstOrDefault(kv => kv.Key is string k && k == name).Value;

    public bool Has(string name) => State.Items.Any(kv => kv.Key is string k && k == name);
}

/// <summary>A pickled tuple.</summary>
internal sealed class PickleTuple(object?[] items)
{
    public object?[] Items { get; } = items;
}

/// <summary>A pickled list.</summary>
internal sealed class PickleList
{
    public List<object?> Items { get; } = [];
}

/// <summary>A pickled dict or <c>collections.OrderedDict</c>, in insertion order.</summary>
internal sealed class PickleDict(bool ordered)
{
    public bool Ordered { get; } = ordered;

    public List<KeyValuePair<object?, object?>> Items { get; } = [];
}

/// <summary>The element types of PyTorch's typed storages that a state dict can hold.</summary>
internal enum TorchDType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
}

/// <summary>A storage the pickle refers to by key (its bytes are in the archive), or a view into one (legacy format).</summary>
internal sealed record TorchStorage(string Key, TorchDType DType, long Numel, long ViewOffset, long ViewNumel)
{
    public int ElementSize => DType switch
    {
        TorchDType.Float32 => 4,
        TorchDType.Float64 or TorchDType.Int64 => 8,
        _ => 2,
    };
}

/// <summary>A tensor: a strided window (offset, sizes, strides in elements) on a storage.</summary>
internal sealed record TorchTensor(TorchStorage Storage, long Offset, int[] Size, long[] Stride);

namespace Pix2Pix.Engine;

/// <summary>An int64 array with a shape (BatchNorm's <c>num_batches_tracked</c> is a 0-dimensional one).</summary>
public sealed class Int64Tensor
{
    public Int64Tensor(long[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
            count *= d;
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but the buffer has {data.Length}.", nameof(data));
        Data = data;
        Shape = (int[])shape.Clone();
    }

    public long[] Data { get; }

    public int[] Shape { get; }
}

/// <summary>
/// A flat, ordered map from PyTorch-style names (<c>model.1.weight</c>) to float32 tensors or int64 tensors:
/// what a <c>Module</c> yields and what a checkpoint file holds. A module's state dict holds its live tensors,
/// so loading copies into them.
/// </summary>
public sealed class StateDict
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, Tensor> _floats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Int64Tensor> _ints = new(StringComparer.Ordinal);

    /// <summary>Names in insertion order (the order PyTorch's <c>state_dict()</c> gives).</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Count;

    public void Add(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        EnsureNew(name);
        _floats.Add(name, tensor);
        _names.Add(name);
    }

    public void Add(string name, Int64Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        EnsureNew(name);
        _ints.Add(name, tensor);
        _names.Add(name);
    }

    public bool Contains(string name) => _floats.ContainsKey(name) || _ints.ContainsKey(name);

    public bool TryGetFloat(string name, out Tensor tensor) => _floats.TryGetValue(name, out tensor!);

    public bool TryGetInt64(string name, out Int64Tensor tensor) => _ints.TryGetValue(name, out tensor!);

    /// <summary>The shape of an entry, whichever its type.</summary>
    public int[] ShapeOf(string name)
    {
        if (_floats.TryGetValue(name, out var f))
            return f.Shape.ToArray();
        if (_ints.TryGetValue(name, out var i))
            return (int[])i.Shape.Clone();
        throw new KeyNotFoundException($"The state dict has no entry '{name}'.");
    }

    private void EnsureNew(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Contains(name))
            throw new ArgumentException($"The state dict already has an entry '{name}'; names must be unique.", nameof(name));
    }
}

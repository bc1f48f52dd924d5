namespace Pix2Pix.Engine;

/// <summary>An int64 array with a shape (BatchNorm's <c>num_batches_tracked</c> is a 0-dimensional one).</summary>
internal sealed class Int64Tensor
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
internal sealed class StateDict
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

    /// <summary>
    /// How <paramref name="source"/> differs from this state dict (the target): names only the target has, names only
    /// the source has, and entries in both whose type or shape differ — in the target's order.
    /// </summary>
    public StateDictDifference Compare(StateDict source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var missing = _names.Where(n => !source.Contains(n)).ToList();
        var unexpected = source._names.Where(n => !Contains(n)).ToList();
        var mismatches = new List<StateDictMismatch>();
        foreach (string name in _names.Where(source.Contains))
        {
            bool targetFloat = _floats.ContainsKey(name), sourceFloat = source._floats.ContainsKey(name);
            int[] targetShape = ShapeOf(name), sourceShape = source.ShapeOf(name);
            if (targetFloat != sourceFloat || !targetShape.AsSpan().SequenceEqual(sourceShape))
                mismatches.Add(new StateDictMismatch(name, sourceFloat, targetFloat, sourceShape, targetShape));
        }
        return new StateDictDifference(missing, unexpected, mismatches);
    }

    /// <summary>Copies the values of every entry that both hold (check with <see cref="Compare"/> first) into this one's tensors.</summary>
    public void CopyFrom(StateDict source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (string name in _names)
        {
            if (_floats.TryGetValue(name, out var t) && source._floats.TryGetValue(name, out var s))
                s.Data.AsSpan().CopyTo(t.Data);
            else if (_ints.TryGetValue(name, out var ti) && source._ints.TryGetValue(name, out var si))
                si.Data.AsSpan().CopyTo(ti.Data);
        }
    }

    private void EnsureNew(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Contains(name))
            throw new ArgumentException($"The state dict already has an entry '{name}'; names must be unique.", nameof(name));
    }
}

/// <summary>What <see cref="StateDict.Compare"/> found: names missing from the source, unexpected in it, and mismatched entries.</summary>
internal sealed record StateDictDifference(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<StateDictMismatch> Mismatches);

/// <summary>An entry present in both state dicts whose type (float32 / int64) or shape differs.</summary>
internal sealed record StateDictMismatch(string Name, bool SourceIsFloat, bool TargetIsFloat, int[] SourceShape, int[] TargetShape)
{
    public bool TypeDiffers => SourceIsFloat != TargetIsFloat;

    public static string Kind(bool isFloat) => isFloat ? "float32" : "int64";
}

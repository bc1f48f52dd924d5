namespace Pix2Pix.Engine;

/// <summary>
/// A dense float32 tensor: a shape and one contiguous row-major buffer (NCHW for images).
/// Gradients live beside the data in <see cref="Grad"/> once backward has run.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private readonly float[] _data;

    // Set when the buffer came from an arena while stale-tensor detection was on: tells whether it was recycled since.
    private readonly ArenaLease? _lease;

    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Tensor shape [{string.Join(", ", shape)}] has a negative size; every dimension must be 0 or more.", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but the buffer has {data.Length}.", nameof(data));
        _shape = (int[])shape.Clone();
        _data = data;
    }

    /// <summary>A tensor on a buffer an arena handed out under <paramref name="lease"/> (null: not watched).</summary>
    private Tensor(float[] data, int[] shape, ArenaLease? lease) : this(data, shape) => _lease = lease;

    /// <summary>
    /// The elements, row-major. Its length is always <see cref="Count"/>. With <see cref="TensorArena.DetectStaleTensors"/>
    /// on, reading the buffer of a tensor whose arena has recycled it throws <see cref="StaleTensorException"/>.
    /// </summary>
    public float[] Data
    {
        get
        {
            if (_lease is { Recycled: true })
                ThrowStale();
            return _data;
        }
    }

    /// <summary>The gradient of the last backward pass w.r.t. this tensor, or null. Same length as <see cref="Data"/>.</summary>
    public float[]? Grad { get; set; }

    /// <summary>Whether backward computes a gradient for this tensor (parameters, and values derived from them).</summary>
    public bool RequiresGrad { get; set; }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    public int Count => _data.Length;

    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    public override string ToString() => $"Tensor[{string.Join(", ", _shape)}]";

    /// <summary>The same buffer (and arena lease) under another shape: <see cref="Detach"/>, reshape.</summary>
    internal Tensor SharingBuffer(int[] shape) => new(Data, shape, _lease);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowStale() =>
        throw new StaleTensorException(
            $"This tensor {ShapeString(_shape)} was made in step {_lease!.Step} of a TensorArena, which recycled its buffer {_lease.RecycledWhen}; " +
            "its values may belong to another tensor by now. Clone() it before then to keep it.");
}

namespace Pix2Pix.Engine;

/// <summary>
/// A dense float32 tensor: a shape and one contiguous row-major buffer (NCHW for images), as a generator takes and
/// returns them. Inside the toolkit it also carries autograd state (gradients beside the data once backward has run).
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private readonly float[] _data;

    // Set when the buffer came from an arena while stale-tensor detection was on: tells whether it was recycled since.
    private readonly ArenaLease? _lease;

    /// <summary>A tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <param name="data">The elements, row-major; its length must be the product of the shape's sizes.</param>
    /// <param name="shape">The size of each dimension, e.g. 1, 3, 256, 256 for one RGB image.</param>
    /// <exception cref="ArgumentException">A size is negative or the buffer's length does not match the shape.</exception>
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

    private float[]? _grad;

    /// <summary>Set by <see cref="MarkGradZero"/>: <see cref="_grad"/> stands for zeros but has not been cleared yet.</summary>
    private bool _gradIsZero;

    /// <summary>
    /// The gradient of the last backward pass w.r.t. this tensor, or null. Same length as <see cref="Data"/>. A buffer
    /// marked zero (<see cref="MarkGradZero"/>) is cleared when first read here.
    /// </summary>
    internal float[]? Grad
    {
        get
        {
            if (_gradIsZero)
            {
                _gradIsZero = false;
                Kernels.ParallelClear.Run(_grad!);
            }
            return _grad;
        }
        set
        {
            _grad = value;
            _gradIsZero = false;
        }
    }

    /// <summary>Whether a gradient buffer exists (without clearing one marked zero, as reading <see cref="Grad"/> would).</summary>
    internal bool HasGradBuffer => _grad is not null;

    /// <summary>
    /// Zeroes the gradient without touching its memory yet (an optimizer's zero_grad): the next reader of
    /// <see cref="Grad"/> gets it cleared, and a kernel that writes every element can take it through
    /// <see cref="GradToOverwrite"/> and skip the clearing — and its own reading of the zeros — altogether.
    /// </summary>
    internal void MarkGradZero()
    {
        if (_grad is not null)
            _gradIsZero = true;
    }

    /// <summary>
    /// The gradient buffer for a writer that either adds to it or, when <paramref name="overwrite"/> comes back true
    /// (it was marked zero), sets every element itself. Null when there is none.
    /// </summary>
    internal float[]? GradToOverwrite(out bool overwrite)
    {
        overwrite = _gradIsZero;
        _gradIsZero = false;
        return _grad;
    }

    /// <summary>Whether backward computes a gradient for this tensor (parameters, and values derived from them).</summary>
    internal bool RequiresGrad { get; set; }

    /// <summary>The size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of the sizes).</summary>
    public int Count => _data.Length;

    /// <summary>The size of one dimension; a negative <paramref name="axis"/> counts from the end, as in PyTorch.</summary>
    /// <param name="axis">0 to Rank − 1, or −Rank to −1.</param>
    /// <returns>The size of that dimension.</returns>
    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    /// <summary>The shape, e.g. <c>Tensor[1, 3, 256, 256]</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"Tensor[{string.Join(", ", _shape)}]";

    /// <summary>The same buffer (and arena lease) under another shape: <see cref="Detach"/>, reshape.</summary>
    internal Tensor SharingBuffer(int[] shape) => new(Data, shape, _lease);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowStale() =>
        throw new StaleTensorException(
            $"This tensor {ShapeString(_shape)} was made in step {_lease!.Step} of a TensorArena, which recycled its buffer {_lease.RecycledWhen}; " +
            "its values may belong to another tensor by now. Clone() it before then to keep it.");
}

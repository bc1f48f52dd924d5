namespace Pix2Pix.Engine;

/// <summary>
/// A dense float32 tensor: a shape and one contiguous row-major buffer (NCHW for images).
/// Gradients live beside the data in <see cref="Grad"/> once backward has run.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;

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
        Data = data;
    }

    /// <summary>The elements, row-major. Its length is always <see cref="Count"/>.</summary>
    public float[] Data { get; }

    /// <summary>The gradient of the last backward pass w.r.t. this tensor, or null. Same length as <see cref="Data"/>.</summary>
    public float[]? Grad { get; set; }

    /// <summary>Whether backward computes a gradient for this tensor (parameters, and values derived from them).</summary>
    public bool RequiresGrad { get; set; }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    public int Count => Data.Length;

    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    public override string ToString() => $"Tensor[{string.Join(", ", _shape)}]";
}

namespace Pix2Pix.Engine;

public sealed partial class Tensor
{
    /// <summary>A 0-dimensional tensor holding <paramref name="value"/>.</summary>
    internal static Tensor Scalar(float value) => new([value]);

    internal static Tensor Zeros(params int[] shape) => new(new float[CountOf(shape)], shape);

    internal static Tensor Ones(params int[] shape) => Full(1f, shape);

    internal static Tensor Full(float value, params int[] shape)
    {
        var t = Zeros(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/>.</summary>
    internal static Tensor FromArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new((float[])values.Clone(), shape);
    }

    /// <summary>Uniform draws in [low, high) from <paramref name="rng"/>.</summary>
    internal static Tensor Uniform(Rng rng, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        rng.FillUniform(t.Data, low, high);
        return t;
    }

    /// <summary>Normal draws N(mean, std²) from <paramref name="rng"/>.</summary>
    internal static Tensor Normal(Rng rng, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        rng.FillNormal(t.Data, mean, std);
        return t;
    }

    /// <summary>A same-shaped tensor of zeros.</summary>
    internal static Tensor ZerosLike(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(new float[other.Count], other._shape);
    }

    /// <summary>
    /// An op's result: its buffer comes from the <see cref="TensorArena"/> entered on this thread, if any, else from the
    /// heap. Zero-filled only when <paramref name="zeroed"/>; otherwise the op must write every element.
    /// </summary>
    internal static Tensor ForOp(bool zeroed, params int[] shape)
    {
        var data = TensorArena.Rent(CountOf(shape), zeroed, out var lease);
        return new(data, shape, lease);
    }

    /// <summary><see cref="ForOp"/> with the shape of <paramref name="other"/>.</summary>
    internal static Tensor ForOpLike(Tensor other, bool zeroed)
    {
        var data = TensorArena.Rent(other.Count, zeroed, out var lease);
        return new(data, other._shape, lease);
    }

    /// <summary>A copy of the values (no gradient history, no gradient requirement).</summary>
    internal Tensor Clone() => new((float[])Data.Clone(), _shape);

    /// <summary>The single value of a one-element tensor (a loss, for example).</summary>
    internal float Item()
    {
        if (Count != 1)
            throw new InvalidOperationException($"Item() reads a one-element tensor but this one is {ShapeString(_shape)} with {Count} elements; reduce it first (Sum(), Mean()).");
        return Data[0];
    }

    /// <summary>A copy of the shape.</summary>
    internal int[] ShapeArray() => (int[])_shape.Clone();

    internal bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Shape.SequenceEqual(other.Shape);
    }

    /// <summary>Formats a shape as <c>[2, 3, 4]</c> for messages.</summary>
    internal static string ShapeString(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    internal static int CountOf(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Tensor shape {ShapeString(shape)} has a negative size; every dimension must be 0 or more.", nameof(shape));
            count *= d;
        }
        if (count > Array.MaxLength)
            throw new ArgumentException($"Tensor shape {ShapeString(shape)} holds {count} elements, more than one array can hold.", nameof(shape));
        return (int)count;
    }
}

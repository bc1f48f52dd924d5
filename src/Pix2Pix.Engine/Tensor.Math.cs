namespace Pix2Pix.Engine;

/// <summary>Operator and method shorthands for <see cref="Functional"/> (same recording rules).</summary>
public sealed partial class Tensor
{
    /// <summary>Elementwise sum (shapes broadcast as in PyTorch).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Functional.Add(a, b);

    /// <summary>Elementwise difference (shapes broadcast as in PyTorch).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Functional.Sub(a, b);

    /// <summary>Elementwise product (shapes broadcast as in PyTorch).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Functional.Mul(a, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, float b) => Functional.Affine(a, 1f, b);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, float b) => Functional.Affine(a, 1f, -b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, float b) => Functional.Affine(a, b, 0f);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(float a, Tensor b) => Functional.Affine(b, a, 0f);

    /// <summary>Negates every element.</summary>
    public static Tensor operator -(Tensor a) => Functional.Neg(a);

    internal static Tensor Add(Tensor a, Tensor b) => Functional.Add(a, b);

    internal static Tensor Subtract(Tensor a, Tensor b) => Functional.Sub(a, b);

    internal static Tensor Multiply(Tensor a, Tensor b) => Functional.Mul(a, b);

    internal static Tensor Negate(Tensor a) => Functional.Neg(a);

    internal Tensor Sum() => Functional.Sum(this);

    internal Tensor Sum(int dim, bool keepDim = false) => Functional.Sum(this, dim, keepDim);

    internal Tensor Mean() => Functional.Mean(this);

    internal Tensor Mean(int dim, bool keepDim = false) => Functional.Mean(this, dim, keepDim);

    internal Tensor Reshape(params int[] shape) => Functional.Reshape(this, shape);

    internal Tensor Permute(params int[] dims) => Functional.Permute(this, dims);
}

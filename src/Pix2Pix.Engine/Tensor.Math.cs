namespace Pix2Pix.Engine;

/// <summary>Operator and method shorthands for <see cref="Functional"/> (same recording rules).</summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Functional.Add(a, b);

    public static Tensor operator -(Tensor a, Tensor b) => Functional.Sub(a, b);

    public static Tensor operator *(Tensor a, Tensor b) => Functional.Mul(a, b);

    public static Tensor operator +(Tensor a, float b) => Functional.Affine(a, 1f, b);

    public static Tensor operator -(Tensor a, float b) => Functional.Affine(a, 1f, -b);

    public static Tensor operator *(Tensor a, float b) => Functional.Affine(a, b, 0f);

    public static Tensor operator *(float a, Tensor b) => Functional.Affine(b, a, 0f);

    public static Tensor operator -(Tensor a) => Functional.Neg(a);

    public static Tensor Add(Tensor a, Tensor b) => Functional.Add(a, b);

    public static Tensor Subtract(Tensor a, Tensor b) => Functional.Sub(a, b);

    public static Tensor Multiply(Tensor a, Tensor b) => Functional.Mul(a, b);

    public static Tensor Negate(Tensor a) => Functional.Neg(a);

    public Tensor Sum() => Functional.Sum(this);

    public Tensor Sum(int dim, bool keepDim = false) => Functional.Sum(this, dim, keepDim);

    public Tensor Mean() => Functional.Mean(this);

    public Tensor Mean(int dim, bool keepDim = false) => Functional.Mean(this, dim, keepDim);

    public Tensor Reshape(params int[] shape) => Functional.Reshape(this, shape);

    public Tensor Permute(params int[] dims) => Functional.Permute(this, dims);
}

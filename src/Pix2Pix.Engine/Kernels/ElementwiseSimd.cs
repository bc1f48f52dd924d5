using System.Numerics;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>The elementwise operations of <see cref="ISimdFloat{TVec}"/> on Vector512.</summary>
internal readonly partial struct SimdFloat512
{
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
    public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;
    public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) => a | b;
    public static Vector512<float> AndNot(Vector512<float> a, Vector512<float> b) => Vector512.AndNot(a, b);
    public static Vector512<float> Pow2(Vector512<float> n) =>
        Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n) + Vector512.Create(127), 23).AsSingle();
}

/// <summary>The elementwise operations of <see cref="ISimdFloat{TVec}"/> on Vector256.</summary>
internal readonly partial struct SimdFloat256
{
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
    public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;
    public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;
    public static Vector256<float> AndNot(Vector256<float> a, Vector256<float> b) => Vector256.AndNot(a, b);
    public static Vector256<float> Pow2(Vector256<float> n) =>
        Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
}

/// <summary>The elementwise operations of <see cref="ISimdFloat{TVec}"/> on portable vectors.</summary>
internal readonly partial struct SimdFloatPortable
{
    public static Vector<float> Subtract(Vector<float> a, Vector<float> b) => a - b;
    public static Vector<float> Multiply(Vector<float> a, Vector<float> b) => a * b;
    public static Vector<float> Divide(Vector<float> a, Vector<float> b) => a / b;
    public static Vector<float> LessThan(Vector<float> a, Vector<float> b) => Vector.AsVectorSingle(Vector.LessThan(a, b));
    public static Vector<float> And(Vector<float> a, Vector<float> b) => a & b;
    public static Vector<float> Or(Vector<float> a, Vector<float> b) => a | b;
    public static Vector<float> AndNot(Vector<float> a, Vector<float> b) => Vector.AndNot(a, b);
    public static Vector<float> Pow2(Vector<float> n) =>
        Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32Native(n) + new Vector<int>(127), 23));
}

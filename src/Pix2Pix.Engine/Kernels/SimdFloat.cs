using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The few vector operations the vectorised kernels need (<see cref="DirectConv"/>, <see cref="SmallSpatialConv"/>,
/// the GEMM micro-kernel <see cref="GemmMicroKernel{TSimd, TVec}"/>), so each kernel is written once and specialised by
/// the JIT for every SIMD path (a struct type argument). <see cref="SimdPaths.Run{TKernel}(ref TKernel)"/> picks the
/// instantiation.
/// </summary>
internal interface ISimdFloat<TVec>
    where TVec : unmanaged
{
    static abstract int Count { get; }

    /// <summary>Rows of this path's GEMM tile: as many as leave registers for 2 accumulators per row and the B vectors.</summary>
    static abstract int GemmRows { get; }

    static abstract TVec Zero { get; }

    static abstract unsafe TVec Load(float* source);

    static abstract unsafe void Store(TVec value, float* destination);

    static abstract TVec Splat(float value);

    /// <summary>a·b + c, fused on every path that has a fused instruction.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    static abstract float Sum(TVec value);

    // The operations the Elementwise operators are written in (implemented in ElementwiseSimd.cs). Only operations that
    // round the same way on every path belong here (no fused multiply-add), so an operator gives bit-identical results
    // on Vector512, Vector256 and portable hardware. Comparisons return all-ones / all-zeros lanes.
    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>All-ones lanes where a &lt; b (false for NaN).</summary>
    static abstract TVec LessThan(TVec a, TVec b);

    static abstract TVec And(TVec a, TVec b);

    static abstract TVec Or(TVec a, TVec b);

    /// <summary>a &amp; ~b, bitwise.</summary>
    static abstract TVec AndNot(TVec a, TVec b);

    /// <summary>2ⁿ for integral n in [−126, 127], made from the exponent bits (exact; other n give unspecified bits).</summary>
    static abstract TVec Pow2(TVec n);
}

/// <summary>Vector512 (AVX-512F).</summary>
internal readonly partial struct SimdFloat512 : ISimdFloat<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static int GemmRows => 6;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<float> value, float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Splat(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}

/// <summary>Vector256 (AVX2 + FMA).</summary>
internal readonly partial struct SimdFloat256 : ISimdFloat<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static int GemmRows => 6;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<float> value, float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Splat(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}

/// <summary>Portable <see cref="Vector{T}"/> (any hardware; <see cref="PortableMath"/> avoids software-emulated FMA).</summary>
internal readonly partial struct SimdFloatPortable : ISimdFloat<Vector<float>>
{
    public static int Count => Vector<float>.Count;

    public static int GemmRows => 4;

    public static Vector<float> Zero => Vector<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector<float> Load(float* source) => Unsafe.ReadUnaligned<Vector<float>>(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector<float> value, float* destination) => Unsafe.WriteUnaligned(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Splat(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MulAdd(Vector<float> a, Vector<float> b, Vector<float> c) => PortableMath.MulAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector<float> value) => Vector.Sum(value);
}

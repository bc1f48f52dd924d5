using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The few vector operations the small-convolution kernels (<see cref="DirectConv"/>, <see cref="SmallSpatialConv"/>)
/// need, so each kernel is written once and specialised by the JIT for every SIMD path (a struct type argument).
/// </summary>
internal interface ISimdFloat<TVec>
    where TVec : unmanaged
{
    static abstract int Count { get; }

    static abstract TVec Zero { get; }

    static abstract unsafe TVec Load(float* source);

    static abstract unsafe void Store(TVec value, float* destination);

    static abstract TVec Splat(float value);

    /// <summary>a·b + c, fused on every path that has a fused instruction.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    static abstract float Sum(TVec value);
}

/// <summary>Vector512 (AVX-512F).</summary>
internal readonly partial struct SimdFloat512 : ISimdFloat<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

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

/// <summary>
/// Per-thread pinned scratch buffers for the small-convolution kernels (padded copies of an input or gradient,
/// transposed column matrices). They only grow, to the largest need seen, so a training step does not allocate.
/// Worker threads of one call may read and write a buffer of the calling thread through its pointer.
/// </summary>
internal static unsafe class SmallConvWorkspace
{
    /// <summary>Number of independent buffers per thread.</summary>
    public const int Slots = 2;

    [ThreadStatic]
    private static float[]?[]? t_buffers;

    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> floats, contents undefined, valid
    /// until the next request for the same slot on this thread.</summary>
    public static float* Get(int slot, long length)
    {
        float[]?[] buffers = t_buffers ??= new float[]?[Slots];
        return GemmWorkspace.Aligned(ref buffers[slot], length);
    }
}

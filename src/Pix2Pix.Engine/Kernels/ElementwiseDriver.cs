using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The math of one elementwise kernel on one vector of each source (TensorPrimitives' operator structs). Instance
/// fields carry scalar arguments (a slope, a scale); sources beyond <see cref="Arity"/> arrive as zero vectors.
/// </summary>
internal interface IElementwiseOperator
{
    /// <summary>How many sources (1–3) the operator reads.</summary>
    static abstract int Arity { get; }

    TVec Invoke<TVec, TSimd>(TVec a, TVec b, TVec c)
        where TVec : unmanaged
        where TSimd : ISimdFloat<TVec>;
}

/// <summary>
/// The one loop behind every <see cref="Elementwise"/> kernel: length check, SIMD path, full vectors, and the last
/// partial vector — which runs through the same vector code on zero-padded copies, so an element's result does not
/// depend on its position in the span or on the vector width.
/// </summary>
/// <remarks>Length rule: the destination and every source have exactly the same length, or
/// <see cref="ArgumentException"/>. The destination may be one of the sources (in place), but may not partly overlap one.</remarks>
internal static unsafe class ElementwiseDriver
{
    private const int MaxCount = 16; // floats in the widest vector (Vector512, or Vector<T> at 512 bits)

    public static void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : struct, IElementwiseOperator =>
        Ternary(op, x, x, x, destination);

    public static void Binary<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
        where TOp : struct, IElementwiseOperator =>
        Ternary(op, a, b, a, destination);

    public static void Ternary<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> destination)
        where TOp : struct, IElementwiseOperator
    {
        int n = destination.Length;
        if (a.Length != n || b.Length != n || c.Length != n)
            throw new ArgumentException(
                $"Elementwise kernels need the destination and every source to have the same length, but the destination has {n} " +
                $"and the sources {string.Join(", ", new[] { a.Length, b.Length, c.Length }.Take(TOp.Arity))}: the destination is too short or too long.",
                nameof(destination));
        fixed (float* pa = a, pb = b, pc = c, pd = destination)
        {
            var kernel = new Kernel<TOp>(op, pa, pb, pc, pd, n);
            SimdPaths.Run(ref kernel);
        }
    }

    /// <summary>The driver's loop as a kernel of <see cref="SimdPaths.Run{TKernel}(ref TKernel)"/>, the one switch from a path to its types.</summary>
    private readonly struct Kernel<TOp>(TOp op, float* a, float* b, float* c, float* destination, int n) : ISimdKernel
        where TOp : struct, IElementwiseOperator
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged =>
            ElementwiseDriver.Run<TOp, TVec, TSimd>(op, a, b, c, destination, n);
    }

    private static void Run<TOp, TVec, TSimd>(TOp op, float* a, float* b, float* c, float* destination, int n)
        where TOp : struct, IElementwiseOperator
        where TVec : unmanaged
        where TSimd : ISimdFloat<TVec>
    {
        int i = 0;
        for (; i <= n - TSimd.Count; i += TSimd.Count)
            TSimd.Store(Apply<TOp, TVec, TSimd>(op, a + i, b + i, c + i), destination + i);
        if (i < n)
            RunPartialVector<TOp, TVec, TSimd>(op, a + i, b + i, c + i, destination + i, n - i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunPartialVector<TOp, TVec, TSimd>(TOp op, float* a, float* b, float* c, float* destination, int count)
        where TOp : struct, IElementwiseOperator
        where TVec : unmanaged
        where TSimd : ISimdFloat<TVec>
    {
        float* padded = stackalloc float[4 * MaxCount]; // zeroed (locals are initialised in this assembly)
        float* pa = padded, pb = padded + MaxCount, pc = padded + 2 * MaxCount, result = padded + 3 * MaxCount;
        Copy(a, pa, count);
        if (TOp.Arity >= 2)
            Copy(b, pb, count);
        if (TOp.Arity >= 3)
            Copy(c, pc, count);
        TSimd.Store(Apply<TOp, TVec, TSimd>(op, pa, pb, pc), result);
        Copy(result, destination, count);
    }

    private static void Copy(float* source, float* destination, int count) =>
        new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(destination, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Apply<TOp, TVec, TSimd>(TOp op, float* a, float* b, float* c)
        where TOp : struct, IElementwiseOperator
        where TVec : unmanaged
        where TSimd : ISimdFloat<TVec> =>
        op.Invoke<TVec, TSimd>(
            TSimd.Load(a),
            TOp.Arity >= 2 ? TSimd.Load(b) : TSimd.Zero,
            TOp.Arity >= 3 ? TSimd.Load(c) : TSimd.Zero);
}

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The engine's single matrix-multiply core; convolutions and linear layers go through it.
/// Row-major: C (m×n) = op(A) · op(B), op(A) is m×k, op(B) is k×n; with <c>accumulate</c>, the product is added to C.
/// Packed panels with register-blocked micro-kernels (<see cref="GemmMicroKernel{TSimd, TVec}"/> on the SIMD path of
/// <see cref="SimdPaths"/>), parallel over blocks of C (results do not depend on <see cref="Parallelism.Degree"/>).
/// B may also come from any <see cref="IGemmPanelSource"/> (the convolutions unfold an image straight into the
/// panels); the GEMM knows nothing of convolutions. Allocates nothing once its per-thread buffers have grown.
/// </summary>
/// <seealso cref="Reference.GemmReference"/>
internal static unsafe class Gemm
{
    /// <summary>C = op(A)·op(B) (or C += with <paramref name="accumulate"/>), op(A) m×k, op(B) k×n, all row-major.</summary>
    /// <param name="transA">When true, A is stored k×m (row-major) and op(A) = Aᵀ.</param>
    /// <param name="transB">When true, B is stored n×k (row-major) and op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A as stored.</param>
    /// <param name="lda">Row stride of A as stored (≥ its stored width).</param>
    /// <param name="b">B as stored.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="c">C, m rows of stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C (≥ n).</param>
    /// <param name="accumulate">When true, C += op(A)·op(B); otherwise C is overwritten.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            SimdPaths.Run(new MatrixProduct(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate));
    }

    /// <summary>
    /// C (m×n, row stride ldc) (+)= A (m×k, row stride lda) · B, B's panels from <paramref name="source"/>. No checks:
    /// the caller (a convolution, say) has validated its shapes, and keeps the source's memory pinned.
    /// </summary>
    internal static void Multiply<TSource>(int m, int n, int k, ReadOnlySpan<float> a, int lda, TSource source,
        Span<float> c, int ldc, bool accumulate)
        where TSource : struct, IGemmPanelSource
    {
        fixed (float* pa = a, pc = c)
            SimdPaths.Run(new SourceProduct<TSource>(m, n, k, pa, lda, null, source, pc, ldc, accumulate));
    }

    /// <summary>
    /// Packs op(A) (m×k) once into a per-thread buffer for several <see cref="MultiplyPacked"/> calls that share it (a
    /// weight used for every chunk of a data gradient, say). Valid until the next PackA on this thread.
    /// </summary>
    internal static PackedMatrix PackA(bool transA, int m, int k, ReadOnlySpan<float> a, int lda)
    {
        fixed (float* pa = a)
        {
            var call = new PackWhole(transA, m, k, pa, lda);
            SimdPaths.Run(ref call);
            return new PackedMatrix(call.Packed, m, k, SimdPaths.Current);
        }
    }

    /// <summary>C (m×n, row stride ldc) (+)= A·op(B), A packed by <see cref="PackA"/> on this thread. No checks beyond the path.</summary>
    internal static void MultiplyPacked(in PackedMatrix a, bool transB, int n, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        fixed (float* pb = b)
            MultiplyPacked(a, n, new GemmMatrixSource(transB, pb, ldb), c, ldc, accumulate);
    }

    /// <summary>C (m×n, row stride ldc) (+)= A·B, A packed by <see cref="PackA"/> on this thread, B's panels from <paramref name="source"/>.</summary>
    internal static void MultiplyPacked<TSource>(in PackedMatrix a, int n, TSource source, Span<float> c, int ldc, bool accumulate)
        where TSource : struct, IGemmPanelSource
    {
        if (a.Path != SimdPaths.Current)
            throw new InvalidOperationException($"A matrix packed for the {a.Path} path cannot be used on the {SimdPaths.Current} path; pack it again.");
        if (n == 0)
            return;
        fixed (float* pc = c)
            SimdPaths.Run(a.Path, new SourceProduct<TSource>(a.Rows, n, a.Depth, null, 0, a.Panels, source, pc, ldc, accumulate));
    }

    /// <summary>Results at most this wide (or tall) take the skinny path, which packs nothing.</summary>
    internal static int SkinnyWidth => GemmSkinny.MaxWidth;

    /// <summary>Depth of one packed slice: a product over less than this reads and writes C once.</summary>
    internal static int DepthBlock => GemmDriver.Kc;

    /// <summary>
    /// Whether a producer of an m×n result (a convolution, say) should give B as a plain matrix (<see cref="Multiply"/>)
    /// rather than as a panel source: true when the result is narrow enough for the skinny path (n ≤
    /// <see cref="SkinnyWidth"/>) or to be computed transposed, where B panels are not packed. (m ≤ SkinnyWidth alone
    /// keeps the panel source.) On the current SIMD path.
    /// </summary>
    internal static bool NeedsPlainB(int m, int n)
    {
        var query = new TransposeQuery(m, n);
        if (n > GemmSkinny.MaxWidth && m > GemmSkinny.MaxWidth)
            SimdPaths.Run(ref query);
        return n <= GemmSkinny.MaxWidth || query.Transposed;
    }

    private readonly struct MatrixProduct(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
        float* c, int ldc, bool accumulate) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => GemmDriver.Run<GemmMicroKernel<TSimd, TVec>>(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>A·B with B from a panel source; A as a matrix, or already packed (<paramref name="packedA"/> not null).</summary>
    private readonly struct SourceProduct<TSource>(int m, int n, int k, float* a, int lda, float* packedA, TSource source,
        float* c, int ldc, bool accumulate) : ISimdKernel
        where TSource : struct, IGemmPanelSource
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            if (packedA != null)
                GemmDriver.RunPackedA<GemmMicroKernel<TSimd, TVec>, TSource>(m, n, k, packedA, source, c, ldc, accumulate);
            else
                GemmDriver.Run<GemmMicroKernel<TSimd, TVec>, TSource>(false, m, n, k, a, lda, source, c, ldc, accumulate, transposeC: false);
        }
    }

    private struct PackWhole(bool transA, int m, int k, float* a, int lda) : ISimdKernel
    {
        public float* Packed { get; private set; }

        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            Packed = GemmWorkspace.Current.PackedA(GemmDriver.PackedALength<GemmMicroKernel<TSimd, TVec>>(m, k));
            GemmDriver.PackAllA<GemmMicroKernel<TSimd, TVec>>(transA, m, k, a, lda, Packed);
        }
    }

    private struct TransposeQuery(int m, int n) : ISimdKernel
    {
        public bool Transposed { get; private set; }

        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => Transposed = GemmDriver.PrefersTransposed<GemmMicroKernel<TSimd, TVec>>(m, n);
    }
}

/// <summary>op(A) packed by <see cref="Gemm.PackA"/>: Rows×Depth, for one SIMD path, in a per-thread buffer.</summary>
internal readonly unsafe struct PackedMatrix(float* panels, int rows, int depth, SimdPath path)
{
    public float* Panels { get; } = panels;

    public int Rows { get; } = rows;

    public int Depth { get; } = depth;

    public SimdPath Path { get; } = path;
}

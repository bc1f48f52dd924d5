namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The engine's single matrix-multiply core; convolutions and linear layers go through it.
/// Row-major: C (m×n) = op(A) · op(B), op(A) is m×k, op(B) is k×n; with <c>accumulate</c>, the product is added to C.
/// Packed panels with register-blocked Vector512 / Vector256 / portable micro-kernels, parallel over blocks of C
/// (results do not depend on <see cref="Parallelism.Degree"/>). Allocates nothing once its per-thread buffers have grown.
/// </summary>
public static class Gemm
{
    /// <param name="transA">When true, A is stored k×m (row-major) and op(A) = Aᵀ.</param>
    /// <param name="transB">When true, B is stored n×k (row-major) and op(B) = Bᵀ.</param>
    /// <param name="lda">Row stride of A as stored (≥ its stored width).</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="ldc">Row stride of C (≥ n).</param>
    /// <param name="accumulate">When true, C += op(A)·op(B); otherwise C is overwritten.</param>
    public static unsafe void Multiply(bool transA, bool transB, int m, int n, int k,
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
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            switch (SimdPaths.Current)
            {
                case SimdPath.Vector512:
                    GemmDriver.Run<GemmMicroKernel512>(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.Run<GemmMicroKernel256>(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                    break;
                default:
                    GemmDriver.Run<GemmMicroKernelPortable>(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                    break;
            }
        }
    }

    /// <summary>
    /// Packs op(A) (m×k) once into a per-thread buffer for several <see cref="MultiplyPacked"/> calls that share it (a
    /// weight used for every chunk of a data gradient, say). Valid until the next PackA on this thread.
    /// </summary>
    internal static unsafe PackedMatrix PackA(bool transA, int m, int k, ReadOnlySpan<float> a, int lda)
    {
        SimdPath path = SimdPaths.Current;
        long length = path switch
        {
            SimdPath.Vector512 => GemmDriver.PackedALength<GemmMicroKernel512>(m, k),
            SimdPath.Vector256 => GemmDriver.PackedALength<GemmMicroKernel256>(m, k),
            _ => GemmDriver.PackedALength<GemmMicroKernelPortable>(m, k),
        };
        float* dst = GemmWorkspace.Current.PackedA(length);
        fixed (float* pa = a)
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    GemmDriver.PackAllA<GemmMicroKernel512>(transA, m, k, pa, lda, dst);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.PackAllA<GemmMicroKernel256>(transA, m, k, pa, lda, dst);
                    break;
                default:
                    GemmDriver.PackAllA<GemmMicroKernelPortable>(transA, m, k, pa, lda, dst);
                    break;
            }
        }
        return new PackedMatrix(dst, m, k, path);
    }

    private static void RequireCurrentPath(in PackedMatrix a)
    {
        if (a.Path != SimdPaths.Current)
            throw new InvalidOperationException($"A matrix packed for the {a.Path} path cannot be used on the {SimdPaths.Current} path; pack it again.");
    }

    /// <summary>C (m×n, row stride ldc) (+)= A·op(B), A packed by <see cref="PackA"/> on this thread. No checks beyond the path.</summary>
    internal static unsafe void MultiplyPacked(in PackedMatrix a, bool transB, int n, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        RequireCurrentPath(a);
        if (n == 0)
            return;
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var source = new GemmMatrixSource(transB, pb, ldb);
            switch (a.Path)
            {
                case SimdPath.Vector512:
                    GemmDriver.RunPackedA<GemmMicroKernel512, GemmMatrixSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.RunPackedA<GemmMicroKernel256, GemmMatrixSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
                default:
                    GemmDriver.RunPackedA<GemmMicroKernelPortable, GemmMatrixSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
            }
        }
    }

    /// <summary>C (m×OH·OW, row stride ldc) (+)= A·col(image), A packed by <see cref="PackA"/> on this thread (m×K).</summary>
    internal static unsafe void MultiplyPackedIm2Col(in PackedMatrix a, ReadOnlySpan<float> image, in Conv2dGeometry g,
        Span<float> c, int ldc, bool accumulate)
    {
        RequireCurrentPath(a);
        int n = g.OutHeight * g.OutWidth;
        fixed (float* pi = image)
        fixed (float* pc = c)
        {
            var source = new Im2ColPanelSource(pi, g, a.Path == SimdPath.Vector512);
            switch (a.Path)
            {
                case SimdPath.Vector512:
                    GemmDriver.RunPackedA<GemmMicroKernel512, Im2ColPanelSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.RunPackedA<GemmMicroKernel256, Im2ColPanelSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
                default:
                    GemmDriver.RunPackedA<GemmMicroKernelPortable, Im2ColPanelSource>(a.Rows, n, a.Depth, a.Panels, source, pc, ldc, accumulate);
                    break;
            }
        }
    }

    /// <summary>
    /// C (m×K) (+)= A (m×N·OH·OW, row stride lda) · [col(image 0) | col(image 1) | …]ᵀ: the weight gradient of a whole
    /// batch as one product over N·OH·OW, so C (the weight gradient) is read and written once per k slice rather than
    /// once per image. A holds the batch's output gradients side by side. No checks.
    /// </summary>
    internal static unsafe void MultiplyBatchIm2ColTransposed(int m, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> images,
        in Conv2dGeometry g, Span<float> c, int ldc, bool accumulate)
    {
        int n = g.InChannels * g.KernelH * g.KernelW, k = g.Batch * g.OutHeight * g.OutWidth;
        fixed (float* pa = a)
        fixed (float* pi = images)
        fixed (float* pc = c)
        {
            var source = new BatchIm2ColTransposedPanelSource(pi, g);
            switch (SimdPaths.Current)
            {
                case SimdPath.Vector512:
                    GemmDriver.Run<GemmMicroKernel512, BatchIm2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.Run<GemmMicroKernel256, BatchIm2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                default:
                    GemmDriver.Run<GemmMicroKernelPortable, BatchIm2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
            }
        }
    }

    /// <summary>
    /// C (m×OH·OW) (+)= A (m×K, row stride lda) · col(image), the column matrix of one image of <paramref name="g"/>
    /// (K = Cin·kH·kW), unfolded straight into the packed panels. No checks: the convolution kernels validate.
    /// </summary>
    internal static unsafe void MultiplyIm2Col(int m, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> image,
        in Conv2dGeometry g, Span<float> c, int ldc, bool accumulate)
    {
        int n = g.OutHeight * g.OutWidth, k = g.InChannels * g.KernelH * g.KernelW;
        fixed (float* pa = a)
        fixed (float* pi = image)
        fixed (float* pc = c)
        {
            var source = new Im2ColPanelSource(pi, g, SimdPaths.Current == SimdPath.Vector512);
            switch (SimdPaths.Current)
            {
                case SimdPath.Vector512:
                    GemmDriver.Run<GemmMicroKernel512, Im2ColPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.Run<GemmMicroKernel256, Im2ColPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                default:
                    GemmDriver.Run<GemmMicroKernelPortable, Im2ColPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
            }
        }
    }

    /// <summary>
    /// C (m×K) (+)= A (m×OH·OW, row stride lda) · col(image)ᵀ for one image of <paramref name="g"/>, unfolded straight
    /// into the packed panels (the weight gradient of a convolution). No checks.
    /// </summary>
    internal static unsafe void MultiplyIm2ColTransposed(int m, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> image,
        in Conv2dGeometry g, Span<float> c, int ldc, bool accumulate)
    {
        int n = g.InChannels * g.KernelH * g.KernelW, k = g.OutHeight * g.OutWidth;
        fixed (float* pa = a)
        fixed (float* pi = image)
        fixed (float* pc = c)
        {
            var source = new Im2ColTransposedPanelSource(pi, g);
            switch (SimdPaths.Current)
            {
                case SimdPath.Vector512:
                    GemmDriver.Run<GemmMicroKernel512, Im2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                case SimdPath.Vector256:
                    GemmDriver.Run<GemmMicroKernel256, Im2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
                default:
                    GemmDriver.Run<GemmMicroKernelPortable, Im2ColTransposedPanelSource>(false, m, n, k, pa, lda, source, pc, ldc, accumulate, transposeC: false);
                    break;
            }
        }
    }

    /// <summary>
    /// Whether a convolution producing an m×n GEMM result should build its column matrix and call
    /// <see cref="Multiply"/>: true when that result is narrow enough for the skinny path (n ≤ 4) or to be computed
    /// transposed, where B panels cannot be unfolded on the fly. (m ≤ 4 alone keeps the unfolded path.)
    /// </summary>
    internal static bool NeedsColumnMatrix(int m, int n)
        => n <= GemmSkinny.MaxWidth || (m > GemmSkinny.MaxWidth && SimdPaths.Current switch
        {
            SimdPath.Vector512 => GemmDriver.PrefersTransposed<GemmMicroKernel512>(m, n),
            SimdPath.Vector256 => GemmDriver.PrefersTransposed<GemmMicroKernel256>(m, n),
            _ => GemmDriver.PrefersTransposed<GemmMicroKernelPortable>(m, n),
        });
}

/// <summary>op(A) packed by <see cref="Gemm.PackA"/>: Rows×Depth, for one GEMM path, in a per-thread buffer.</summary>
internal readonly unsafe struct PackedMatrix(float* panels, int rows, int depth, SimdPath path)
{
    public float* Panels { get; } = panels;

    public int Rows { get; } = rows;

    public int Depth { get; } = depth;

    public SimdPath Path { get; } = path;
}

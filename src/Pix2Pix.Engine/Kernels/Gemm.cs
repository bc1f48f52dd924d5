namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The engine's single matrix-multiply core; convolutions and linear layers go through it.
/// Row-major: C (m×n) = op(A) · op(B), op(A) is m×k, op(B) is k×n; with <c>accumulate</c>, the product is added to C.
/// </summary>
public static class Gemm
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        // Placeholder body until the packed SIMD kernel lands: correct, slow.
        Reference.GemmReference.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }
}

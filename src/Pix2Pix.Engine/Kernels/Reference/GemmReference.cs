namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>Plain triple-loop matrix multiply: the definition the fast <see cref="Gemm"/> is tested against.</summary>
/// <seealso cref="Gemm"/>
internal static class GemmReference
{
    /// <summary>C (m×n) = op(A) · op(B) [+ C when accumulate]; row-major with leading dimensions. Sums in double.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + (float)sum : (float)sum;
            }
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Products whose result has at most <see cref="MaxWidth"/> columns (a convolution with a 1×1 or 2×2 output, a
/// matrix-vector product). Packing would cost as much as the arithmetic and a register tile would be mostly padding,
/// so these stream A once: dot products of A's rows with B's columns, or, for a transposed A, scaled row updates.
/// Work is split over rows of C only; each element is summed in one fixed order whatever the thread count.
/// C(i, j) lives at c[i·rowStride + j·colStride] (colStride = ldc, rowStride = 1 stores the result transposed).
/// </summary>
internal static unsafe class GemmSkinny
{
    /// <summary>Widest result (columns of C) handled here.</summary>
    public const int MaxWidth = 4;

    /// <summary>Rows of C per work item.</summary>
    private const int RowsPerItem = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
        float* c, nint rowStride, nint colStride, bool accumulate)
    {
        // The (at most MaxWidth) columns of op(B), made contiguous: bcols[j·k + p] = op(B)[p, j].
        float* bcols = GemmWorkspace.Current.B(n * k);
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                bcols[j * k + p] = transB ? b[(nint)j * ldb + p] : b[(nint)p * ldb + j];

        int items = (m + RowsPerItem - 1) / RowsPerItem;
        void Item(int item)
        {
            int i0 = item * RowsPerItem, rows = Math.Min(RowsPerItem, m - i0);
            if (transA)
                RowUpdates(i0, rows, n, k, a, lda, bcols, c, rowStride, colStride, accumulate);
            else
                Dots(i0, rows, n, k, a, lda, bcols, c, rowStride, colStride, accumulate);
        }

        Parallelism.ForIfWorthwhile(items, (long)m * n * k, Item);
    }

    /// <summary>A stored m×k: C(i, j) = A[i, :] · bcol_j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots(int i0, int rows, int n, int k, float* a, int lda, float* bcols, float* c,
        nint rowStride, nint colStride, bool accumulate)
    {
        for (int i = i0; i < i0 + rows; i++)
        {
            float* row = a + (nint)i * lda;
            for (int j = 0; j < n; j++)
            {
                float* dst = c + i * rowStride + j * colStride;
                float sum = Dot(row, bcols + (nint)j * k, k);
                *dst = accumulate ? *dst + sum : sum;
            }
        }
    }

    /// <summary>A stored k×m: C(i, j) = Σₚ A[p, i]·bcol_j[p], accumulated over p in order, a row of A at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowUpdates(int i0, int rows, int n, int k, float* a, int lda, float* bcols, float* c,
        nint rowStride, nint colStride, bool accumulate)
    {
        float* acc = stackalloc float[MaxWidth * RowsPerItem];
        new Span<float>(acc, n * rows).Clear();
        int vw = Vector<float>.Count;
        for (int p = 0; p < k; p++)
        {
            float* src = a + (nint)p * lda + i0;
            for (int j = 0; j < n; j++)
            {
                float bv = bcols[(nint)j * k + p];
                float* d = acc + j * rows;
                var scale = new Vector<float>(bv);
                int i = 0;
                for (; i <= rows - vw; i += vw)
                {
                    var v = PortableMath.MulAdd(Unsafe.ReadUnaligned<Vector<float>>(src + i), scale, Unsafe.ReadUnaligned<Vector<float>>(d + i));
                    Unsafe.WriteUnaligned(d + i, v);
                }
                for (; i < rows; i++)
                    d[i] = PortableMath.MulAdd(src[i], bv, d[i]);
            }
        }
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                float* dst = c + (i0 + i) * rowStride + j * colStride;
                float v = acc[j * rows + i];
                *dst = accumulate ? *dst + v : v;
            }
        }
    }

    /// <summary>Σ x[p]·y[p] with two vector accumulators, combined in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(float* x, float* y, int k)
    {
        int vw = Vector<float>.Count;
        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        int p = 0;
        for (; p <= k - 2 * vw; p += 2 * vw)
        {
            s0 = PortableMath.MulAdd(Unsafe.ReadUnaligned<Vector<float>>(x + p), Unsafe.ReadUnaligned<Vector<float>>(y + p), s0);
            s1 = PortableMath.MulAdd(Unsafe.ReadUnaligned<Vector<float>>(x + p + vw), Unsafe.ReadUnaligned<Vector<float>>(y + p + vw), s1);
        }
        float sum = Vector.Sum(s0 + s1);
        for (; p < k; p++)
            sum = PortableMath.MulAdd(x[p], y[p], sum);
        return sum;
    }
}

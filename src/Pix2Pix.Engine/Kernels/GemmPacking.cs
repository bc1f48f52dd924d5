using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous panel layouts the micro-kernels stream, zero-filling the
/// rows/columns of the last panel beyond the matrix edge so the micro-kernel always computes a full tile.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Stored rows of a transposed A fetched ahead of the one being packed.</summary>
    private const int PrefetchRows = 8;

    /// <summary>
    /// Packs op(A)[i0 .. i0+rows, p0 .. p0+kc] (rows ≤ mr) as kc consecutive groups of mr values: dst[p·mr + r].
    /// op(A)[i, p] is a[i·lda + p], or a[p·lda + i] when <paramref name="transA"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, float* a, int lda, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        if (transA)
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = a + (nint)(p0 + p) * lda + i0;
                float* d = dst + p * mr;
                int r = 0;
                for (; r < rows; r++)
                    d[r] = src[r];
                for (; r < mr; r++)
                    d[r] = 0;
            }
            return;
        }
        if (rows == 6 && mr == 6)
        {
            // All six rows per step: the six source rows stream side by side, each destination group is written whole.
            float* s0 = a + (nint)i0 * lda + p0;
            float* s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
            int p = 0;
            if (Avx512F.IsSupported)
            {
                // Eight columns of the six rows (48 values, three whole vectors) by permutes: six times fewer stores than one value at a time.
                for (; p + 8 <= kc; p += 8)
                    PackSixRowsOf8(s0 + p, s1 + p, s2 + p, s3 + p, s4 + p, s5 + p, dst + p * 6);
            }
            for (; p < kc; p++)
            {
                float* d = dst + p * 6;
                d[0] = s0[p];
                d[1] = s1[p];
                d[2] = s2[p];
                d[3] = s3[p];
                d[4] = s4[p];
                d[5] = s5[p];
            }
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            float* src = a + (nint)(i0 + r) * lda + p0;
            float* d = dst + r;
            for (int p = 0; p < kc; p++)
                d[p * mr] = src[p];
        }
        for (int r = rows; r < mr; r++)
        {
            float* d = dst + r;
            for (int p = 0; p < kc; p++)
                d[p * mr] = 0;
        }
    }

    /// <summary>Lane sources of <see cref="PackSixRowsOf8"/>: for output vector q, lane i holds row (16q + i) % 6 of column (16q + i) / 6.</summary>
    private static readonly Vector512<int> SixRowsPair0 = SixRowsIndex(0, pair: true), SixRowsPair1 = SixRowsIndex(1, pair: true),
        SixRowsPair2 = SixRowsIndex(2, pair: true), SixRowsLast0 = SixRowsIndex(0, pair: false),
        SixRowsLast1 = SixRowsIndex(1, pair: false), SixRowsLast2 = SixRowsIndex(2, pair: false);

    private static readonly Vector512<float> SixRowsMask0 = SixRowsLastMask(0), SixRowsMask1 = SixRowsLastMask(1), SixRowsMask2 = SixRowsLastMask(2);

    /// <summary>
    /// The lane indices of output vector q: with <paramref name="pair"/>, into the two vectors [row 0 | row 1] and
    /// [row 2 | row 3] (8 columns each, 0–31) for lanes of rows 0–3; otherwise into [row 4 | row 5] for rows 4–5.
    /// </summary>
    private static Vector512<int> SixRowsIndex(int q, bool pair)
    {
        var lanes = new int[16];
        for (int i = 0; i < 16; i++)
        {
            int e = 16 * q + i, p = e / 6, r = e % 6;
            lanes[i] = pair ? (r < 4 ? r * 8 + p : 0) : (r >= 4 ? (r - 4) * 8 + p : 0);
        }
        return Vector512.Create(lanes);
    }

    private static Vector512<float> SixRowsLastMask(int q)
    {
        var lanes = new float[16];
        for (int i = 0; i < 16; i++)
            lanes[i] = (16 * q + i) % 6 >= 4 ? BitConverter.Int32BitsToSingle(-1) : 0f;
        return Vector512.Create(lanes);
    }

    /// <summary>dst[p·6 + r] = s_r[p] for p &lt; 8, r &lt; 6: three vector stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackSixRowsOf8(float* s0, float* s1, float* s2, float* s3, float* s4, float* s5, float* dst)
    {
        var rows01 = Vector512.Create(Vector256.Load(s0), Vector256.Load(s1));
        var rows23 = Vector512.Create(Vector256.Load(s2), Vector256.Load(s3));
        var rows45 = Vector512.Create(Vector256.Load(s4), Vector256.Load(s5));
        Vector512.Store(Vector512.ConditionalSelect(SixRowsMask0, Avx512F.PermuteVar16x32(rows45, SixRowsLast0),
            Avx512F.PermuteVar16x32x2(rows01, SixRowsPair0, rows23)), dst);
        Vector512.Store(Vector512.ConditionalSelect(SixRowsMask1, Avx512F.PermuteVar16x32(rows45, SixRowsLast1),
            Avx512F.PermuteVar16x32x2(rows01, SixRowsPair1, rows23)), dst + 16);
        Vector512.Store(Vector512.ConditionalSelect(SixRowsMask2, Avx512F.PermuteVar16x32(rows45, SixRowsLast2),
            Avx512F.PermuteVar16x32x2(rows01, SixRowsPair2, rows23)), dst + 32);
    }

    /// <summary>
    /// Packs <paramref name="panels"/> whole consecutive panels of a transposed A (stored k×m, op(A) = Aᵀ) starting at
    /// op(A) row i0, like that many <see cref="PackA"/> calls, but reading each stored row once (panels·mr consecutive
    /// values: whole cache lines) and writing every panel's group for that row: dst + q·mr·kc + p·mr. Needs
    /// i0 + panels·mr ≤ m (no edge rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackATransposedPanels(float* a, int lda, int i0, int panels, int p0, int kc, int mr, float* dst)
    {
        nint panelSize = (nint)mr * kc;
        int lines = (panels * mr + 15) / 16;
        for (int p = 0; p < kc; p++)
        {
            float* src = a + (nint)(p0 + p) * lda + i0;
            float* d = dst + p * mr;
            // The stored rows are lda apart (a page or more for the large weights), beyond the hardware prefetchers'
            // reach: fetch the row PrefetchRows ahead while this one is copied.
            if (p + PrefetchRows < kc)
            {
                float* ahead = src + (nint)PrefetchRows * lda;
                for (int l = 0; l < lines; l++)
                    System.Runtime.Intrinsics.X86.Sse.Prefetch0(ahead + 16 * l);
            }
            if (mr == 6)
            {
                for (int q = 0; q < panels; q++, src += 6, d += panelSize)
                {
                    Vector128.Store(Vector128.Load(src), d);
                    *(long*)(d + 4) = *(long*)(src + 4);
                }
            }
            else if (mr == 4)
            {
                for (int q = 0; q < panels; q++, src += 4, d += panelSize)
                    Vector128.Store(Vector128.Load(src), d);
            }
            else
            {
                for (int q = 0; q < panels; q++, src += mr, d += panelSize)
                    for (int r = 0; r < mr; r++)
                        d[r] = src[r];
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+cols] (cols ≤ nr) as kc consecutive rows of nr values: dst[p·nr + j].
    /// op(B)[p, j] is b[p·ldb + j], or b[j·ldb + p] when <paramref name="transB"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, int ldb, int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        if (!transB)
        {
            for (int p = 0; p < kc; p++)
            {
                var src = new ReadOnlySpan<float>(b + (nint)(p0 + p) * ldb + j0, cols);
                var d = new Span<float>(dst + p * nr, nr);
                src.CopyTo(d);
                d[cols..].Clear();
            }
            return;
        }
        for (int j = 0; j < cols; j++)
        {
            float* src = b + (nint)(j0 + j) * ldb + p0;
            float* d = dst + j;
            for (int p = 0; p < kc; p++)
                d[p * nr] = src[p];
        }
        for (int j = cols; j < nr; j++)
        {
            float* d = dst + j;
            for (int p = 0; p < kc; p++)
                d[p * nr] = 0;
        }
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the column matrix [C·kH·kW, OH·OW] of a convolution (zero padding), and folds
/// such a matrix back by accumulation (col2im), for one batch item of a <see cref="Conv2dGeometry"/>.
/// Most convolutions skip <see cref="Pack"/> and unfold straight into the GEMM panels (<see cref="Im2ColPanelSource"/>);
/// it serves the small outputs that the GEMM computes transposed.
/// </summary>
internal static class Im2Col
{
    /// <summary>col[(c·kH + ky)·kW + kx, oy·OW + ox] = image[c, oy·sH − pH + ky, ox·sW − pW + kx] (0 outside).</summary>
    public static unsafe void Pack(ReadOnlySpan<float> image, Span<float> col, in Conv2dGeometry g)
    {
        int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutHeight * g.OutWidth;
        var shape = new Im2ColShape(g, SimdPaths.Current == SimdPath.Vector512);
        fixed (float* pImage = image)
        fixed (float* pCol = col)
        {
            float* img = pImage, cols = pCol;
            Parallelism.ForIf(ShouldSplit(g), 0, rows, r => shape.Gather(img, r, 0, plane, cols + (nint)r * plane, 1));
        }
    }

    /// <summary>Whether the work is large enough to split over threads (by column-matrix row, or by channel for col2im).</summary>
    private static bool ShouldSplit(in Conv2dGeometry g)
        => g.InChannels > 1 && Parallelism.IsWorthSplitting((long)g.InChannels * g.KernelH * g.KernelW * g.OutHeight * g.OutWidth, 1 << 16);

    /// <summary>The adjoint of <see cref="Pack"/>: image[c, iy, ix] += every col entry that was read from it.</summary>
    public static void AccumulateInto(ReadOnlySpan<float> col, Span<float> image, in Conv2dGeometry g)
        => AccumulateInto(col, image, g, 0, g.OutHeight);

    /// <summary>
    /// Like <see cref="AccumulateInto(ReadOnlySpan{float}, Span{float}, in Conv2dGeometry)"/> for the output rows
    /// [oy0, oy1) only: <paramref name="col"/> is [C·kH·kW, (oy1 − oy0)·OW].
    /// </summary>
    public static unsafe void AccumulateInto(ReadOnlySpan<float> col, Span<float> image, in Conv2dGeometry g, int oy0, int oy1)
    {
        if (!ShouldSplit(g))
        {
            for (int c = 0; c < g.InChannels; c++)
                AccumulateChannel(col, image, g, c, oy0, oy1);
            return;
        }
        fixed (float* pImage = image)
        fixed (float* pCol = col)
        {
            float* img = pImage, cols = pCol;
            int imageLength = image.Length, colLength = col.Length;
            Conv2dGeometry geometry = g;
            // Channel c's rows of the column matrix only touch image plane c: the items are independent.
            Parallelism.For(0, g.InChannels, c =>
                AccumulateChannel(new ReadOnlySpan<float>(cols, colLength), new Span<float>(img, imageLength), geometry, c, oy0, oy1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateChannel(ReadOnlySpan<float> col, Span<float> image, in Conv2dGeometry g, int c, int oy0, int oy1)
    {
        int kh = g.KernelH, kw = g.KernelW;
        int plane = (oy1 - oy0) * g.OutWidth;
        int row = c * kh * kw;
        Span<float> img = image.Slice(c * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
        // Stride 2: taps kx and kx+1 fill alternate pixels of one contiguous run, so they are added together as an
        // interleaved vector (each pixel still receives its contributions in the same order: bit-identical results).
        bool pairTaps = g.StrideW == 2 && SimdPaths.Current == SimdPath.Vector512;
        for (int ky = 0; ky < kh; ky++)
        {
            int kx = 0;
            for (; pairTaps && kx + 1 < kw; kx += 2, row += 2)
                AccumulateTapPair(col.Slice(row * plane, plane), col.Slice((row + 1) * plane, plane), img, g, ky, kx, oy0, oy1);
            for (; kx < kw; kx++, row++)
                AccumulateTap(col.Slice(row * plane, plane), img, g, ky, kx, oy0, oy1);
        }
    }

    /// <summary>image plane += one kernel tap's rows [oy0, oy1) of the column matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTap(ReadOnlySpan<float> tap, Span<float> img, in Conv2dGeometry g, int ky, int kx, int oy0, int oy1)
    {
        int h = g.InHeight, w = g.InWidth, ow = g.OutWidth, sh = g.StrideH, sw = g.StrideW, ph = g.PadH, pw = g.PadW;
        // Output columns ox whose input column ix = ox·sw − pw + kx lies inside [0, w).
        int oxLo = Math.Max(0, CeilDiv(pw - kx, sw));
        int oxHi = Math.Min(ow, FloorDiv(w - 1 + pw - kx, sw) + 1);
        if (oxLo >= oxHi)
            return;
        for (int oy = oy0; oy < oy1; oy++)
        {
            int iy = oy * sh - ph + ky;
            if ((uint)iy >= (uint)h)
                continue;
            ReadOnlySpan<float> s = tap.Slice((oy - oy0) * ow, ow);
            Span<float> dst = img.Slice(iy * w, w);
            int ix0 = oxLo * sw - pw + kx;
            if (sw == 1)
            {
                Add(s[oxLo..oxHi], dst.Slice(ix0, oxHi - oxLo));
            }
            else
            {
                for (int ox = oxLo, ix = ix0; ox < oxHi; ox++, ix += sw)
                    dst[ix] += s[ox];
            }
        }
    }

    /// <summary>Stride-2 taps kx and kx+1 together: pixel 2·ox − pw + kx gets tap0[ox], the next pixel tap1[ox].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AccumulateTapPair(ReadOnlySpan<float> tap0, ReadOnlySpan<float> tap1, Span<float> img,
        in Conv2dGeometry g, int ky, int kx, int oy0, int oy1)
    {
        int h = g.InHeight, w = g.InWidth, ow = g.OutWidth, sh = g.StrideH, ph = g.PadH, pw = g.PadW;
        int lo0 = Math.Max(0, CeilDiv(pw - kx, 2)), hi0 = Math.Min(ow, FloorDiv(w - 1 + pw - kx, 2) + 1);
        int lo1 = Math.Max(0, CeilDiv(pw - kx - 1, 2)), hi1 = Math.Min(ow, FloorDiv(w - 2 + pw - kx, 2) + 1);
        // [lo, hi): columns where both taps land inside the row; the rest is done one tap at a time.
        int lo = Math.Max(lo0, lo1);
        int hi = Math.Max(lo, Math.Min(hi0, hi1));
        Vector512<int> zipLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        Vector512<int> zipHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        fixed (float* p0 = tap0)
        fixed (float* p1 = tap1)
        fixed (float* pImg = img)
        {
            for (int oy = oy0; oy < oy1; oy++)
            {
                int iy = oy * sh - ph + ky;
                if ((uint)iy >= (uint)h)
                    continue;
                float* s0 = p0 + (oy - oy0) * ow, s1 = p1 + (oy - oy0) * ow;
                float* d0 = pImg + iy * w - pw + kx; // d0[2·ox] is tap0's pixel, d0[2·ox + 1] tap1's
                for (int ox = lo0; ox < Math.Min(hi0, lo); ox++)
                    d0[2 * ox] += s0[ox];
                for (int ox = lo1; ox < Math.Min(hi1, lo); ox++)
                    d0[2 * ox + 1] += s1[ox];
                int t = lo;
                for (; t + 16 <= hi; t += 16)
                {
                    Vector512<float> v0 = Vector512.Load(s0 + t), v1 = Vector512.Load(s1 + t);
                    float* d = d0 + 2 * t;
                    (Vector512.Load(d) + Avx512F.PermuteVar16x32x2(v0, zipLow, v1)).Store(d);
                    (Vector512.Load(d + 16) + Avx512F.PermuteVar16x32x2(v0, zipHigh, v1)).Store(d + 16);
                }
                if (t < hi)
                {
                    // The last 1–15 pairs by masked loads and stores (masked-off lanes are neither read nor written):
                    // the same additions as the loop above, so the same bits.
                    int left = hi - t;
                    Vector512<float> m = FirstLanes(left), m0 = FirstLanes(Math.Min(16, 2 * left)), m1 = FirstLanes(2 * left - 16);
                    Vector512<float> v0 = Avx512F.MaskLoad(s0 + t, m, Vector512<float>.Zero);
                    Vector512<float> v1 = Avx512F.MaskLoad(s1 + t, m, Vector512<float>.Zero);
                    float* d = d0 + 2 * t;
                    Avx512F.MaskStore(d, m0, Avx512F.MaskLoad(d, m0, Vector512<float>.Zero) + Avx512F.PermuteVar16x32x2(v0, zipLow, v1));
                    if (left > 8)
                        Avx512F.MaskStore(d + 16, m1, Avx512F.MaskLoad(d + 16, m1, Vector512<float>.Zero) + Avx512F.PermuteVar16x32x2(v0, zipHigh, v1));
                }
                for (int ox = Math.Max(lo0, hi); ox < hi0; ox++)
                    d0[2 * ox] += s0[ox];
                for (int ox = Math.Max(lo1, hi); ox < hi1; ox++)
                    d0[2 * ox + 1] += s1[ox];
            }
        }
    }

    /// <summary>A mask of the first <paramref name="count"/> lanes (none when count ≤ 0, all from 16), for masked loads and stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> FirstLanes(int count)
        => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>A mask of lanes [<paramref name="first"/>, <paramref name="end"/>) (clipped to 0–16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> LaneRange(int first, int end)
        => (Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(first)) & Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(end))).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(ReadOnlySpan<float> source, Span<float> destination)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int vw = System.Numerics.Vector<float>.Count;
            for (; i <= source.Length - vw; i += vw)
            {
                var v = new System.Numerics.Vector<float>(source[i..]) + new System.Numerics.Vector<float>(destination[i..]);
                v.CopyTo(destination[i..]);
            }
        }
        for (; i < source.Length; i++)
            destination[i] += source[i];
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the column matrix [C·kH·kW, OH·OW] of a convolution (zero padding), and folds
/// such a matrix back by accumulation (col2im), for one batch item of a <see cref="Conv2dGeometry"/>.
/// </summary>
internal static class Im2Col
{
    /// <summary>col[(c·kH + ky)·kW + kx, oy·OW + ox] = image[c, oy·sH − pH + ky, ox·sW − pW + kx] (0 outside).</summary>
    public static unsafe void Pack(ReadOnlySpan<float> image, Span<float> col, in Conv2dGeometry g)
    {
        int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutHeight * g.OutWidth;
        var shape = new Im2ColShape(g);
        fixed (float* pImage = image)
        fixed (float* pCol = col)
        {
            float* img = pImage, cols = pCol;
            if (!ShouldSplit(g))
            {
                for (int r = 0; r < rows; r++)
                    shape.Gather(img, r, 0, plane, cols + (nint)r * plane, 1);
                return;
            }
            Parallelism.For(0, rows, r => shape.Gather(img, r, 0, plane, cols + (nint)r * plane, 1));
        }
    }

    /// <summary>Whether the work is large enough to split over threads (by column-matrix row, or by channel for col2im).</summary>
    private static bool ShouldSplit(in Conv2dGeometry g)
        => Parallelism.Degree > 1 && g.InChannels > 1 && (long)g.InChannels * g.KernelH * g.KernelW * g.OutHeight * g.OutWidth >= 1 << 16;

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

    private static void AccumulateChannel(ReadOnlySpan<float> col, Span<float> image, in Conv2dGeometry g, int c, int oy0, int oy1)
    {
        int h = g.InHeight, w = g.InWidth, ow = g.OutWidth;
        int kh = g.KernelH, kw = g.KernelW, sh = g.StrideH, sw = g.StrideW, ph = g.PadH, pw = g.PadW;
        int plane = (oy1 - oy0) * ow;
        int row = c * kh * kw;
        Span<float> img = image.Slice(c * h * w, h * w);
        for (int ky = 0; ky < kh; ky++)
        {
            for (int kx = 0; kx < kw; kx++, row++)
            {
                ReadOnlySpan<float> srcPlane = col.Slice(row * plane, plane);
                // Output columns ox whose input column ix = ox·sw − pw + kx lies inside [0, w).
                int oxLo = Math.Max(0, CeilDiv(pw - kx, sw));
                int oxHi = Math.Min(ow, FloorDiv(w - 1 + pw - kx, sw) + 1);
                if (oxLo >= oxHi)
                    continue;
                for (int oy = oy0; oy < oy1; oy++)
                {
                    int iy = oy * sh - ph + ky;
                    if ((uint)iy >= (uint)h)
                        continue;
                    ReadOnlySpan<float> s = srcPlane.Slice((oy - oy0) * ow, ow);
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
        }
    }

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

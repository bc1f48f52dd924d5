namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// YCbCr → RGB with libjpeg's fixed-point tables (jdcolor.c: 16 fraction bits, ONE_HALF rounding), so the
/// result equals libjpeg's bit for bit.
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

    // Y + chroma term stays within -227..482; the table clamps -384..639 to 0..255.
    private const int ClampOffset = 384;
    private static readonly byte[] ClampTable = Enumerable.Range(-ClampOffset, 1024).Select(v => (byte)Math.Clamp(v, 0, 255)).ToArray();

#pragma warning disable CA1810 // The four tables are filled in one loop; a static constructor reads best here.
    static JpegColorConverter()
#pragma warning restore CA1810
    {
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = ((Fix(1.40200) * x) + OneHalf) >> ScaleBits;
            CbToB[i] = ((Fix(1.77200) * x) + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = (-Fix(0.34414) * x) + OneHalf;
        }
    }

    /// <summary>Converts one row of planar Y, Cb, Cr samples into interleaved RGB (3 bytes per pixel).</summary>
    public static unsafe void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        if (y.Length < width || cb.Length < width || cr.Length < width)
            throw new ArgumentException("Each input row must hold at least one sample per output pixel.", nameof(rgb));
        fixed (byte* py = y, pcb = cb, pcr = cr, output = rgb)
        fixed (int* crToR = CrToR, cbToB = CbToB, crToG = CrToG, cbToG = CbToG)
        fixed (byte* clamp = ClampTable)
        {
            byte* limit = clamp + ClampOffset;
            byte* o = output;
            for (int x = 0; x < width; x++, o += 3)
            {
                int luma = py[x];
                int blue = pcb[x];
                int red = pcr[x];
                o[0] = limit[luma + crToR[red]];
                o[1] = limit[luma + ((cbToG[blue] + crToG[red]) >> ScaleBits)];
                o[2] = limit[luma + cbToB[blue]];
            }
        }
    }

    /// <summary>Interleaves three planar rows unchanged (RGB JPEGs, e.g. Adobe transform 0).</summary>
    public static void Interleave(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        for (int x = 0; x < width; x++)
        {
            rgb[3 * x] = r[x];
            rgb[(3 * x) + 1] = g[x];
            rgb[(3 * x) + 2] = b[x];
        }
    }

    private static int Fix(double value) => (int)((value * (1 << ScaleBits)) + 0.5);
}

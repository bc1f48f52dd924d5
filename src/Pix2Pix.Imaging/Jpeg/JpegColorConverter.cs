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
    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = rgb.Length / 3;
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        for (int x = 0; x < width; x++)
        {
            int luma = y[x];
            int blue = cb[x];
            int red = cr[x];
            rgb[3 * x] = Clamp(luma + CrToR[red]);
            rgb[(3 * x) + 1] = Clamp(luma + ((CbToG[blue] + CrToG[red]) >> ScaleBits));
            rgb[(3 * x) + 2] = Clamp(luma + CbToB[blue]);
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

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}

namespace Pix2Pix.Imaging.Color;

/// <summary>
/// sRGB ↔ CIE L*a*b* (D65 white, 2° observer) with scikit-image's formulas (<c>skimage.color.rgb2lab</c> /
/// <c>lab2rgb</c>): sRGB gamma with the 0.04045 / 0.0031308 thresholds, the xyz_from_rgb matrix, the 0.008856 /
/// 7.787 piecewise cube root, negative Z clipped to 0 and RGB clipped to 0..1. Lab arrays are H·W·3 floats:
/// L in 0..100, a and b roughly −128..127. Arithmetic is in double, stored as float.
/// </summary>
internal static class LabColor
{
    private const double WhiteX = 0.95047;
    private const double WhiteY = 1.0;
    private const double WhiteZ = 1.08883;

    private static readonly double[] XyzFromRgb =
    [
        0.412453, 0.357580, 0.180423,
        0.212671, 0.715160, 0.072169,
        0.019334, 0.119193, 0.950227,
    ];

    private static readonly double[] RgbFromXyz = Invert3x3(XyzFromRgb);

    /// <summary>Converts an RGB image (RGBA: alpha ignored; gray: replicated) to Lab, H·W·3 floats.</summary>
    public static float[] RgbToLab(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var lab = new float[image.Width * image.Height * 3];
        ReadOnlySpan<byte> src = image.Pixels;
        int channels = image.Channels;
        for (int p = 0, s = 0; p < lab.Length; p += 3, s += channels)
        {
            byte r = src[s];
            byte g = channels == 1 ? r : src[s + 1];
            byte b = channels == 1 ? r : src[s + 2];
            RgbToLab(r / 255.0, g / 255.0, b / 255.0, lab.AsSpan(p, 3));
        }

        return lab;
    }

    /// <summary>Converts one colour with components in 0..1 to Lab, written to <paramref name="lab"/> (3 floats).</summary>
    public static void RgbToLab(double r, double g, double b, Span<float> lab)
    {
        r = ToLinear(r);
        g = ToLinear(g);
        b = ToLinear(b);
        double[] m = XyzFromRgb;
        double x = (m[0] * r + m[1] * g + m[2] * b) / WhiteX;
        double y = (m[3] * r + m[4] * g + m[5] * b) / WhiteY;
        double z = (m[6] * r + m[7] * g + m[8] * b) / WhiteZ;
        x = LabF(x);
        y = LabF(y);
        z = LabF(z);
        lab[0] = (float)(116.0 * y - 16.0);
        lab[1] = (float)(500.0 * (x - y));
        lab[2] = (float)(200.0 * (y - z));
    }

    /// <summary>Converts H·W·3 Lab floats to RGB in 0..1 (clipped), written to <paramref name="rgb"/> (same length).</summary>
    public static void LabToRgb(ReadOnlySpan<float> lab, Span<float> rgb)
    {
        if (lab.Length % 3 != 0)
            throw new ArgumentException($"Lab data must hold whole pixels of 3 floats; {lab.Length} is not a multiple of 3.", nameof(lab));
        if (rgb.Length < lab.Length)
            throw new ArgumentException("Destination is too short.", nameof(rgb));
        double[] m = RgbFromXyz;
        for (int p = 0; p < lab.Length; p += 3)
        {
            double fy = (lab[p] + 16.0) / 116.0;
            double fx = lab[p + 1] / 500.0 + fy;
            double fz = Math.Max(0.0, fy - lab[p + 2] / 200.0);
            double x = LabFInverse(fx) * WhiteX;
            double y = LabFInverse(fy) * WhiteY;
            double z = LabFInverse(fz) * WhiteZ;
            rgb[p] = (float)ToGamma(m[0] * x + m[1] * y + m[2] * z);
            rgb[p + 1] = (float)ToGamma(m[3] * x + m[4] * y + m[5] * z);
            rgb[p + 2] = (float)ToGamma(m[6] * x + m[7] * y + m[8] * z);
        }
    }

    /// <summary>Converts H·W·3 Lab floats to an 8-bit RGB image, rounding 255·rgb to the nearest level.</summary>
    public static Image LabToRgb(ReadOnlySpan<float> lab, int width, int height)
    {
        if ((long)width * height * 3 != lab.Length)
            throw new ArgumentException($"A {width}x{height} Lab image needs {(long)width * height * 3} floats, not {lab.Length}.", nameof(lab));
        var rgb = new float[lab.Length];
        LabToRgb(lab, rgb);
        var image = new Image(width, height, 3);
        for (int i = 0; i < rgb.Length; i++)
            image.Pixels[i] = (byte)Math.Round(rgb[i] * 255.0, MidpointRounding.AwayFromZero);
        return image;
    }

    private static double ToLinear(double c) => c > 0.04045 ? Math.Pow((c + 0.055) / 1.055, 2.4) : c / 12.92;

    private static double ToGamma(double c)
    {
        c = c > 0.0031308 ? 1.055 * Math.Pow(c, 1 / 2.4) - 0.055 : c * 12.92;
        return Math.Clamp(c, 0.0, 1.0);
    }

    private static double LabF(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116.0;

    private static double LabFInverse(double f) => f > 0.2068966 ? f * f * f : (f - 16.0 / 116.0) / 7.787;

    private static double[] Invert3x3(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return
        [
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
        ];
    }
}

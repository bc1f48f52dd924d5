namespace Pix2Pix.Imaging.Color;

/// <summary>
/// Channel-layout conversions with Pillow's arithmetic: <see cref="ToGray"/> is <c>convert('L')</c>,
/// <see cref="ToRgb"/> is <c>convert('RGB')</c> (gray replicated, alpha dropped).
/// For CIE Lab see <see cref="LabColor"/>.
/// </summary>
internal static class ColorSpace
{
    /// <summary>ITU-R 601-2 luma in 16-bit fixed point, as Pillow: L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16.</summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);

    /// <summary>A 1-channel copy: gray is copied, RGB and RGBA use <see cref="Luma"/> (alpha ignored).</summary>
    public static Image ToGray(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 1)
            return new Image(image.Width, image.Height, 1, (byte[])image.Pixels.Clone());
        var gray = new Image(image.Width, image.Height, 1);
        ReadOnlySpan<byte> src = image.Pixels;
        Span<byte> dst = gray.Pixels;
        int channels = image.Channels;
        for (int i = 0, s = 0; i < dst.Length; i++, s += channels)
            dst[i] = Luma(src[s], src[s + 1], src[s + 2]);
        return gray;
    }

    /// <summary>A 3-channel copy: gray is replicated to R, G and B; RGBA loses its alpha.</summary>
    public static Image ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 3)
            return new Image(image.Width, image.Height, 3, (byte[])image.Pixels.Clone());
        var rgb = new Image(image.Width, image.Height, 3);
        ReadOnlySpan<byte> src = image.Pixels;
        Span<byte> dst = rgb.Pixels;
        int channels = image.Channels;
        for (int s = 0, d = 0; d < dst.Length; s += channels, d += 3)
        {
            if (channels == 1)
            {
                dst[d] = dst[d + 1] = dst[d + 2] = src[s];
            }
            else
            {
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }

        return rgb;
    }

    /// <summary>sRGB → CIE Lab as <c>skimage.color.rgb2lab</c>; H·W·3 floats. See <see cref="LabColor"/>.</summary>
    public static float[] RgbToLab(Image image) => LabColor.RgbToLab(image);

    /// <summary>CIE Lab → 8-bit sRGB as <c>skimage.color.lab2rgb</c>, rounded. See <see cref="LabColor"/>.</summary>
    public static Image LabToRgb(ReadOnlySpan<float> lab, int width, int height) => LabColor.LabToRgb(lab, width, height);

    /// <summary>A 4-channel copy: gray replicated, RGB made opaque (alpha 255), RGBA copied.</summary>
    public static Image ToRgba(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 4)
            return new Image(image.Width, image.Height, 4, (byte[])image.Pixels.Clone());
        var rgba = new Image(image.Width, image.Height, 4);
        ReadOnlySpan<byte> src = image.Pixels;
        Span<byte> dst = rgba.Pixels;
        int channels = image.Channels;
        for (int s = 0, d = 0; d < dst.Length; s += channels, d += 4)
        {
            dst[d] = src[s];
            dst[d + 1] = src[s + (channels == 1 ? 0 : 1)];
            dst[d + 2] = src[s + (channels == 1 ? 0 : 2)];
            dst[d + 3] = 255;
        }

        return rgba;
    }
}

using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Color;

namespace Pix2Pix.Gan.Data;

/// <summary>The small pixel operations of the data pipeline (as PIL's convert, crop and transpose do them).</summary>
internal static class ImageOps
{
    /// <summary>PIL's <c>convert('RGB')</c> (gray replicated, alpha dropped); returns RGB images as they are.</summary>
    public static Image ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Channels == 3 ? image : ColorSpace.ToRgb(image);
    }

    /// <summary>PIL's <c>convert('L')</c>; returns gray images as they are.</summary>
    public static Image ToGray(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Channels == 1 ? image : ColorSpace.ToGray(image);
    }

    /// <summary>
    /// PIL's <c>crop((x, y, x + width, y + height))</c>: the box may reach outside the image; those pixels are 0.
    /// </summary>
    public static Image Crop(Image image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        var dst = new Image(width, height, image.Channels);
        int c = image.Channels;
        int x0 = Math.Max(x, 0);
        int x1 = Math.Min(x + width, image.Width);
        if (x1 <= x0)
            return dst;
        int rowBytes = (x1 - x0) * c;
        for (int row = 0; row < height; row++)
        {
            int sy = y + row;
            if (sy < 0 || sy >= image.Height)
                continue;
            Array.Copy(image.Pixels, (sy * image.Width + x0) * c, dst.Pixels, (row * width + (x0 - x)) * c, rowBytes);
        }
        return dst;
    }

    /// <summary>PIL's <c>transpose(FLIP_LEFT_RIGHT)</c>.</summary>
    public static Image FlipHorizontal(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width;
        int c = image.Channels;
        var dst = new Image(w, image.Height, c);
        byte[] src = image.Pixels;
        byte[] d = dst.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int row = y * w * c;
            for (int x = 0, mirrored = row + (w - 1) * c; x < w; x++, mirrored -= c)
            {
                int s = row + x * c;
                for (int ch = 0; ch < c; ch++)
                    d[mirrored + ch] = src[s + ch];
            }
        }
        return dst;
    }

    /// <summary>
    /// Bytes → floats in [−1, 1], channel-major (torchvision ToTensor, then Normalize(0.5, 0.5)), written to
    /// <paramref name="destination"/> as C planes of H·W values.
    /// </summary>
    public static void ToNormalizedPlanes(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = image.Width * image.Height;
        int c = image.Channels;
        if (destination.Length < n * c)
            throw new ArgumentException("Destination is too short.", nameof(destination));
        byte[] src = image.Pixels;
        ReadOnlySpan<float> table = NormalizedLevels;
        for (int ch = 0; ch < c; ch++)
        {
            Span<float> plane = destination.Slice(ch * n, n);
            for (int i = 0, s = ch; i < plane.Length; i++, s += c)
                plane[i] = table[src[s]];
        }
    }

    // ToTensor (x / 255) then Normalize ((x - 0.5) / 0.5) for every byte value, with the same float32 operations.
    private static readonly float[] NormalizedLevels = Enumerable.Range(0, 256).Select(b => (b / 255f - 0.5f) / 0.5f).ToArray();
}

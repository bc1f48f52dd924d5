using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data.Support;

/// <summary>Deterministic small images for data tests.</summary>
internal static class TestImages
{
    /// <summary>An RGB image whose pixels depend on position and <paramref name="salt"/> (no two rows or columns alike).</summary>
    public static Image Pattern(int width, int height, int salt = 0)
    {
        var image = new Image(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                image.Pixels[i] = (byte)(x * 7 + y * 3 + salt * 31);
                image.Pixels[i + 1] = (byte)(x * 13 + y * 29 + salt * 17);
                image.Pixels[i + 2] = (byte)((x ^ y) * 5 + salt * 11);
            }
        }
        return image;
    }

    /// <summary>An A|B image: A on the left half, B on the right.</summary>
    public static Image SideBySide(Image a, Image b)
    {
        if (a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException("Halves must have the same height and channels.");
        int c = a.Channels;
        var ab = new Image(a.Width + b.Width, a.Height, c);
        for (int y = 0; y < a.Height; y++)
        {
            Array.Copy(a.Pixels, y * a.Width * c, ab.Pixels, y * ab.Width * c, a.Width * c);
            Array.Copy(b.Pixels, y * b.Width * c, ab.Pixels, (y * ab.Width + a.Width) * c, b.Width * c);
        }
        return ab;
    }

    public static Image Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new Image(width, height, 3);
        for (int i = 0; i < width * height; i++)
        {
            image.Pixels[3 * i] = r;
            image.Pixels[3 * i + 1] = g;
            image.Pixels[3 * i + 2] = b;
        }
        return image;
    }
}

namespace Pix2Pix.Imaging.Tests;

/// <summary>Deterministic synthetic images for round-trip and fuzz tests.</summary>
internal static class TestImages
{
    /// <summary>A gradient plus seeded noise of amplitude <paramref name="noise"/>.</summary>
    public static Image Pattern(int width, int height, int channels, int seed, int noise = 40)
    {
        var random = new Random(seed);
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int value = x * 5 + y * 3 + c * 70 + random.Next(noise + 1);
                    image.Pixels[(y * width + x) * channels + c] = (byte)value;
                }
            }
        }

        return image;
    }
}

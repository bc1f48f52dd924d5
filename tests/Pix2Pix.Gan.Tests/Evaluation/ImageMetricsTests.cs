using Pix2Pix.Gan.Evaluation;

namespace Pix2Pix.Gan.Tests.Evaluation;

public class ImageMetricsTests
{
    private static byte[] Noise(int length, int seed)
    {
        var r = new Random(seed);
        var b = new byte[length];
        r.NextBytes(b);
        return b;
    }

    [Fact]
    public void Psnr_of_a_known_error_matches_the_formula()
    {
        var a = new byte[100];
        var b = new byte[100];
        for (int i = 0; i < 100; i++)
        {
            a[i] = 100;
            b[i] = (byte)(i % 2 == 0 ? 110 : 90); // MSE 100
        }
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 100.0), ImageMetrics.Psnr(a, b), 9);
    }

    [Fact]
    public void Psnr_of_identical_images_is_infinite()
    {
        var a = Noise(300, 1);
        Assert.True(double.IsPositiveInfinity(ImageMetrics.Psnr(a, a)));
    }

    [Fact]
    public void Ssim_of_an_image_with_itself_is_one()
    {
        var a = Noise(32 * 24 * 3, 2);
        Assert.Equal(1.0, ImageMetrics.Ssim(a, a, 32, 24, 3), 12);
    }

    [Fact]
    public void Ssim_of_two_flat_images_is_the_luminance_term()
    {
        // Flat images have zero variance, so SSIM reduces to (2·a·b + C1) / (a² + b² + C1).
        var a = Enumerable.Repeat((byte)100, 20 * 20).ToArray();
        var b = Enumerable.Repeat((byte)150, 20 * 20).ToArray();
        double c1 = Math.Pow(0.01 * 255, 2);
        double expected = (2 * 100.0 * 150 + c1) / (100.0 * 100 + 150.0 * 150 + c1);
        Assert.Equal(expected, ImageMetrics.Ssim(a, b, 20, 20, 1), 9);
    }

    [Fact]
    public void Ssim_falls_as_noise_grows_and_is_symmetric()
    {
        const int w = 40, h = 40;
        var clean = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                clean[y * w + x] = (byte)(x * 5 + y * 2);
        var rng = new Random(3);
        byte[] Noisy(int amp) => clean.Select(v => (byte)Math.Clamp(v + rng.Next(-amp, amp + 1), 0, 255)).ToArray();
        var light = Noisy(5);
        var heavy = Noisy(60);
        double sLight = ImageMetrics.Ssim(clean, light, w, h, 1);
        double sHeavy = ImageMetrics.Ssim(clean, heavy, w, h, 1);
        Assert.InRange(sLight, 0.5, 0.9999);
        Assert.True(sHeavy < sLight, $"SSIM with heavy noise {sHeavy} should be below light noise {sLight}");
        Assert.Equal(sHeavy, ImageMetrics.Ssim(heavy, clean, w, h, 1), 12);
    }

    [Fact]
    public void Mean_absolute_error_and_size_mismatch()
    {
        Assert.Equal(0.5, ImageMetrics.MeanAbsoluteError(new[] { 0f, 1f }, new[] { 0.5f, 0.5f }), 9);
        var ex = Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(new byte[3], new byte[4]));
        Assert.Contains("differ in size", ex.Message);
    }
}

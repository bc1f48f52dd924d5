using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging.Tests.Jpeg;

public class JpegEncoderTests
{
    private static double Psnr(Image a, Image b)
    {
        double sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            double d = a.Pixels[i] - b.Pixels[i];
            sum += d * d;
        }
        double mse = sum / a.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>A smooth photo-like image (waves plus a little noise): JPEG's case, unlike wrapped gradients.</summary>
    internal static Image Smooth(int width, int height, int channels, int seed, int noise = 4)
    {
        var random = new Random(seed);
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double wave = 128 + 90 * Math.Sin(x * 0.15 + c) * Math.Cos(y * 0.11 - c);
                    image.Pixels[(y * width + x) * channels + c] = (byte)Math.Clamp(wave + random.Next(noise + 1), 0, 255);
                }
            }
        }
        return image;
    }

    public static TheoryData<int, int, int, string, double> RoundTrips => new()
    {
        { 1, 1, 3, nameof(JpegSubsampling.Chroma420), 38 },
        { 17, 13, 3, nameof(JpegSubsampling.Chroma420), 38 },
        { 64, 48, 3, nameof(JpegSubsampling.Chroma420), 38 },
        { 33, 65, 3, nameof(JpegSubsampling.Chroma444), 40 },
        { 64, 48, 3, nameof(JpegSubsampling.Chroma444), 40 },
        { 9, 7, 1, nameof(JpegSubsampling.Chroma420), 42 },
        { 64, 48, 1, nameof(JpegSubsampling.Chroma444), 42 },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void A_quality_95_jpeg_decodes_with_our_decoder_close_to_the_original(int width, int height, int channels, string subsamplingName, double minPsnr)
    {
        var subsampling = Enum.Parse<JpegSubsampling>(subsamplingName);
        Image image = Smooth(width, height, channels, seed: width + height);
        byte[] jpeg = JpegEncoder.Encode(image, 95, subsampling);
        Image decoded = ImageCodecs.Decode(jpeg, "round trip");
        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        double psnr = Psnr(image, decoded);
        Assert.True(psnr >= minPsnr, $"PSNR {psnr:F2} dB < {minPsnr} dB");
    }

    [Fact]
    public void Higher_quality_gives_higher_psnr_and_larger_files()
    {
        Image image = Smooth(64, 64, 3, seed: 3, noise: 20);
        byte[] low = JpegEncoder.Encode(image, 20, JpegSubsampling.Chroma444), mid = JpegEncoder.Encode(image, 75, JpegSubsampling.Chroma444), high = JpegEncoder.Encode(image, 100, JpegSubsampling.Chroma444);
        double pLow = Psnr(image, ImageCodecs.Decode(low, "q20")), pMid = Psnr(image, ImageCodecs.Decode(mid, "q75")), pHigh = Psnr(image, ImageCodecs.Decode(high, "q100"));
        Assert.True(pLow < pMid && pMid < pHigh, $"PSNR q20 {pLow:F2}, q75 {pMid:F2}, q100 {pHigh:F2}");
        Assert.True(low.Length < mid.Length && mid.Length < high.Length);
        Assert.True(pHigh > 40, $"q100 PSNR {pHigh:F2}");
    }

    [Theory]
    [InlineData(50, 16, 99)]     // the Annex K tables themselves
    [InlineData(100, 1, 1)]      // all ones
    [InlineData(75, 8, 50)]      // (16·50 + 50)/100 = 8; (99·50 + 50)/100 = 50
    [InlineData(10, 80, 255)]    // 500 %: 16 → 80, 99 → 495 clamped to 255
    [InlineData(95, 2, 10)]      // 10 %: (16·10 + 50)/100 = 2; (99·10 + 50)/100 = 10
    public void Quality_scales_the_standard_tables_as_libjpeg_does(int quality, int lumaFirst, int chromaLast)
    {
        Assert.Equal(lumaFirst, JpegStandardTables.Scaled(JpegStandardTables.Luminance, quality)[0]);
        Assert.Equal(chromaLast, JpegStandardTables.Scaled(JpegStandardTables.Chrominance, quality)[63]);
    }

    [Fact]
    public void The_file_is_baseline_jfif()
    {
        byte[] jpeg = JpegEncoder.Encode(TestImages.Pattern(8, 8, 3, seed: 1));
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], jpeg[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        int sof = Array.IndexOf(jpeg, (byte)0xC0);
        Assert.True(sof > 0 && jpeg[sof - 1] == 0xFF, "no SOF0 (baseline) marker");
        Assert.Equal(ImageFormat.Jpeg, ImageCodecs.DetectFormat(jpeg));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Saturated_checkerboards_at_quality_100_stay_within_the_standard_huffman_categories(int cell)
    {
        // the largest DCT coefficients 8-bit samples can give, unquantized: they must still have codes
        var image = new Image(32, 32, 3);
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
                image.Pixels.AsSpan((y * 32 + x) * 3, 3).Fill((x / cell + y / cell) % 2 == 0 ? (byte)0 : (byte)255);
        }
        foreach (var subsampling in new[] { JpegSubsampling.Chroma420, JpegSubsampling.Chroma444 })
        {
            Image decoded = ImageCodecs.Decode(JpegEncoder.Encode(image, 100, subsampling), "checkerboard");
            Assert.True(Psnr(image, decoded) > 30, $"cell {cell} {subsampling}: PSNR {Psnr(image, decoded):F2}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_quality_outside_1_to_100_is_refused(int quality)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(new Image(8, 8, 3), quality));
        Assert.Contains("1–100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rgba_is_written_as_its_rgb()
    {
        Image rgba = Smooth(16, 16, 4, seed: 2);
        Image decoded = ImageCodecs.Decode(JpegEncoder.Encode(rgba, 95, JpegSubsampling.Chroma444), "rgba");
        Assert.Equal(3, decoded.Channels);
        var rgb = new Image(16, 16, 3);
        for (int i = 0; i < 256; i++)
            rgba.Pixels.AsSpan(i * 4, 3).CopyTo(rgb.Pixels.AsSpan(i * 3));
        Assert.True(Psnr(rgb, decoded) > 36);
    }
}

using System.Text.Json;
using Pix2Pix.Imaging.Resize;
using Pix2Pix.Imaging.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Resize;

public class ImageResizeTests(ITestOutputHelper output)
{
    private sealed record Case(string File, string Source, ResizeFilter Filter, int Width, int Height, int Channels);

    private static List<Case> Cases(out int sourceWidth, out int sourceHeight)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("resize", "manifest.json")));
        sourceWidth = doc.RootElement.GetProperty("source_width").GetInt32();
        sourceHeight = doc.RootElement.GetProperty("source_height").GetInt32();
        return doc.RootElement.GetProperty("outputs").EnumerateArray().Select(e => new Case(
            e.GetProperty("file").GetString()!,
            e.GetProperty("source").GetString()!,
            Enum.Parse<ResizeFilter>(e.GetProperty("filter").GetString()!, ignoreCase: true),
            e.GetProperty("width").GetInt32(),
            e.GetProperty("height").GetInt32(),
            e.GetProperty("channels").GetInt32())).ToList();
    }

    [Theory]
    [InlineData(nameof(ResizeFilter.Nearest))]
    [InlineData(nameof(ResizeFilter.Bilinear))]
    [InlineData(nameof(ResizeFilter.Bicubic))]
    [InlineData(nameof(ResizeFilter.Lanczos))]
    public void Resize_matches_pillow_within_one_level(string filterName)
    {
        var filter = Enum.Parse<ResizeFilter>(filterName);
        var cases = Cases(out int sw, out int sh).Where(c => c.Filter == filter).ToList();
        Assert.NotEmpty(cases);
        long total = 0, exact = 0;
        int worst = 0;
        foreach (var c in cases)
        {
            var source = new Image(sw, sh, c.Channels, File.ReadAllBytes(RepoPaths.Fixture("resize", c.Source)));
            byte[] expected = File.ReadAllBytes(RepoPaths.Fixture("resize", c.File));
            Image actual = ImageResize.Resize(source, c.Width, c.Height, filter);
            Assert.Equal((c.Width, c.Height, c.Channels), (actual.Width, actual.Height, actual.Channels));
            int caseWorst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                int diff = Math.Abs(expected[i] - actual.Pixels[i]);
                caseWorst = Math.Max(caseWorst, diff);
                exact += diff == 0 ? 1 : 0;
            }

            total += expected.Length;
            worst = Math.Max(worst, caseWorst);
            Assert.True(caseWorst <= 1, $"{c.File}: max difference {caseWorst}; {FixtureManifest.FirstDifferences(expected, actual.Pixels, c.Width, c.Channels)}");
        }

        output.WriteLine($"{filter}: {cases.Count} outputs, {100.0 * exact / total:F3}% of {total} samples exact, max difference {worst}");
    }

    [Fact]
    public void Same_size_resize_returns_an_equal_copy()
    {
        Image image = TestImages.Pattern(5, 4, 3, seed: 2);
        Image copy = ImageResize.Resize(image, 5, 4, ResizeFilter.Lanczos);
        Assert.NotSame(image.Pixels, copy.Pixels);
        Assert.Equal(image.Pixels, copy.Pixels);
    }

    [Fact]
    public void Constant_image_stays_constant_for_every_filter_and_size()
    {
        var image = new Image(17, 9, 4);
        Array.Fill(image.Pixels, (byte)200);
        foreach (var filter in Enum.GetValues<ResizeFilter>())
        {
            foreach (var (w, h) in new[] { (1, 1), (5, 3), (40, 30), (17, 30), (3, 9) })
                Assert.All(ImageResize.Resize(image, w, h, filter).Pixels, p => Assert.Equal(200, p));
        }
    }

    [Fact]
    public void Facade_sized_upscale_to_286_runs_quickly()
    {
        Image image = TestImages.Pattern(256, 256, 3, seed: 3);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Image resized = ImageResize.Resize(image, 286, 286, ResizeFilter.Bicubic);
        output.WriteLine($"256x256 -> 286x286 bicubic: {watch.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(286 * 286 * 3, resized.Pixels.Length);
    }

    [Fact]
    public void Invalid_target_size_is_rejected()
    {
        Image image = TestImages.Pattern(5, 4, 1, seed: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Resize(image, 0, 4, ResizeFilter.Bilinear));
    }
}

using Pix2Pix.Imaging.Color;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Color;

public class ColorSpaceTests
{
    private static Image Source() => new(37, 29, 3, File.ReadAllBytes(RepoPaths.Fixture("color", "src_rgb.raw")));

    [Fact]
    public void Gray_conversion_matches_pillow_exactly()
    {
        Image gray = ColorSpace.ToGray(Source());
        byte[] expected = File.ReadAllBytes(RepoPaths.Fixture("color", "gray.raw"));
        Assert.Equal(1, gray.Channels);
        Assert.True(expected.AsSpan().SequenceEqual(gray.Pixels), FixtureManifest.FirstDifferences(expected, gray.Pixels, 37, 1));
    }

    [Fact]
    public void Gray_of_rgba_ignores_alpha()
    {
        var rgba = new Image(1, 1, 4, [255, 0, 0, 7]);
        Assert.Equal(76, ColorSpace.ToGray(rgba).Pixels[0]);
    }

    [Fact]
    public void To_rgb_replicates_gray_and_drops_alpha()
    {
        Assert.Equal(new byte[] { 9, 9, 9, 200, 200, 200 }, ColorSpace.ToRgb(new Image(2, 1, 1, [9, 200])).Pixels);
        Assert.Equal(new byte[] { 1, 2, 3 }, ColorSpace.ToRgb(new Image(1, 1, 4, [1, 2, 3, 4])).Pixels);
    }

    [Fact]
    public void To_rgba_adds_opaque_alpha()
    {
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, ColorSpace.ToRgba(new Image(1, 1, 3, [1, 2, 3])).Pixels);
        Assert.Equal(new byte[] { 5, 5, 5, 255 }, ColorSpace.ToRgba(new Image(1, 1, 1, [5])).Pixels);
    }
}

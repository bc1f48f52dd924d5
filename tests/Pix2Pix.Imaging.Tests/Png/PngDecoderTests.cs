using Pix2Pix.Imaging.Png;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Png;

public class PngDecoderTests
{
    public static TheoryData<string> Files => FixtureManifest.FileNames("png");

    [Theory]
    [MemberData(nameof(Files))]
    public void Png_decodes_exactly_like_the_reference(string file)
    {
        var fixture = FixtureManifest.Find("png", file);
        Image image = PngDecoder.Decode(File.ReadAllBytes(fixture.Path), file);

        Assert.Equal((fixture.Width, fixture.Height, fixture.Channels), (image.Width, image.Height, image.Channels));
        byte[] expected = fixture.ExpectedPixels;
        Assert.True(expected.AsSpan().SequenceEqual(image.Pixels),
            $"{fixture.Note}: {FixtureManifest.FirstDifferences(expected, image.Pixels, image.Width, image.Channels)}");
    }

    [Fact]
    public void Fixture_set_covers_every_colour_type_bit_depth_and_interlace_method()
    {
        var names = FixtureManifest.Images("png").Select(f => f.File).ToList();
        string[] kinds = ["gray1", "gray2", "gray4", "gray8", "gray16", "rgb8", "rgb16", "rgba8", "rgba16", "graya8", "graya16", "pal1", "pal2", "pal4", "pal8", "palt8"];
        foreach (string kind in kinds)
        {
            Assert.Contains(names, n => n.StartsWith(kind + "_plain", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith(kind + "_adam7", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Sixteen_bit_gray_keeps_the_high_byte()
    {
        var fixture = FixtureManifest.Find("png", "gray16_plain_13x11.png");
        Image image = PngDecoder.Decode(File.ReadAllBytes(fixture.Path), fixture.File);
        Assert.Equal(1, image.Channels);
        Assert.Equal(fixture.ExpectedPixels, image.Pixels);
        Assert.Contains(image.Pixels, b => b is > 0 and < 255);
    }
}

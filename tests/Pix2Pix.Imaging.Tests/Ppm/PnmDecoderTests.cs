using Pix2Pix.Imaging.Ppm;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Ppm;

public class PnmDecoderTests
{
    public static TheoryData<string> Files => FixtureManifest.FileNames("pnm");

    [Theory]
    [MemberData(nameof(Files))]
    public void Netpbm_decodes_exactly_like_the_reference(string file)
    {
        var fixture = FixtureManifest.Find("pnm", file);
        Image image = PnmDecoder.Decode(File.ReadAllBytes(fixture.Path), file);

        Assert.Equal((fixture.Width, fixture.Height, fixture.Channels), (image.Width, image.Height, image.Channels));
        byte[] expected = fixture.ExpectedPixels;
        Assert.True(expected.AsSpan().SequenceEqual(image.Pixels),
            $"{fixture.Note}: {FixtureManifest.FirstDifferences(expected, image.Pixels, image.Width, image.Channels)}");
    }

    [Fact]
    public void Plain_bitmap_maps_one_to_black()
    {
        Image image = PnmDecoder.Decode("P1\n# comment\n3 2\n1 0 1\n0 1 0\n"u8, "bits.pbm");
        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 255 }, image.Pixels);
    }

    [Fact]
    public void Raw_bitmap_reads_packed_rows()
    {
        Image image = PnmDecoder.Decode([.. "P4\n10 2\n"u8, 0b1000_0000, 0b0100_0000, 0b0000_0000, 0b1100_0000], "bits.pbm");
        Assert.Equal(0, image.Pixels[0]);
        Assert.Equal(0, image.Pixels[9]);
        Assert.Equal(255, image.Pixels[1]);
        Assert.Equal(0, image.Pixels[18]);
        Assert.Equal(0, image.Pixels[19]);
    }

    [Fact]
    public void Short_pixel_data_is_reported_as_truncated()
    {
        var e = Assert.Throws<ImageDecodeException>(() => PnmDecoder.Decode("P6\n4 4\n255\nabc"u8, "short.ppm"));
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_header_with_little_data_fails_before_allocating_the_image()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageDecodeException>(() => PnmDecoder.Decode("P3\n10000 10000\n255\n1 2 3\n"u8, "big.ppm"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_above_maxval_is_reported()
    {
        var e = Assert.Throws<ImageDecodeException>(() => PnmDecoder.Decode("P2 2 1 10 3 11"u8, "bad.pgm"));
        Assert.Contains("above maxval 10", e.Problem, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using Pix2Pix.Imaging.Bmp;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Bmp;

public class BmpDecoderTests
{
    public static TheoryData<string> Files => FixtureManifest.FileNames("bmp");

    [Theory]
    [MemberData(nameof(Files))]
    public void Bmp_decodes_exactly_like_the_reference(string file)
    {
        var fixture = FixtureManifest.Find("bmp", file);
        Image image = BmpDecoder.Decode(File.ReadAllBytes(fixture.Path), file);

        Assert.Equal((fixture.Width, fixture.Height, fixture.Channels), (image.Width, image.Height, image.Channels));
        byte[] expected = fixture.ExpectedPixels;
        Assert.True(expected.AsSpan().SequenceEqual(image.Pixels),
            $"{fixture.Note}: {FixtureManifest.FirstDifferences(expected, image.Pixels, image.Width, image.Channels)}");
    }

    [Fact]
    public void Truncated_pixel_data_is_reported_with_sizes()
    {
        byte[] bmp = File.ReadAllBytes(RepoPaths.Fixture("bmp", "pillow_rgb.bmp"));
        var e = Assert.Throws<ImageDecodeException>(() => BmpDecoder.Decode(bmp.AsSpan(0, bmp.Length - 10), "cut.bmp"));
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("pixel data at byte", e.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Rle_compression_is_rejected_with_advice()
    {
        byte[] bmp = File.ReadAllBytes(RepoPaths.Fixture("bmp", "pillow_l.bmp"));
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(30), 1); // BI_RLE8
        var e = Assert.Throws<ImageDecodeException>(() => BmpDecoder.Decode(bmp, "rle.bmp"));
        Assert.Contains("convert the file to PNG", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_dimensions_are_rejected_before_allocating()
    {
        byte[] bmp = File.ReadAllBytes(RepoPaths.Fixture("bmp", "pillow_rgb.bmp"));
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 200_000);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 200_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageDecodeException>(() => BmpDecoder.Decode(bmp, "huge.bmp"));
        Assert.Contains("limit", e.Problem, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }
}

using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>Irregularities that libjpeg (and so Pillow) accepts with a warning are accepted here too, with the same pixels.</summary>
public class JpegDecoderToleranceTests
{
    [Theory]
    [InlineData("baseline_420_q50_33x65")]
    [InlineData("progressive_420_q80_48x40")]
    public void A_missing_eoi_after_complete_scans_still_decodes(string name)
    {
        JpegReference reference = JpegReference.Get(name);
        byte[] data = reference.ReadJpeg();
        Assert.Equal([0xFF, 0xD9], data[^2..]);
        Image image = JpegDecoder.Decode(data.AsSpan(0, data.Length - 2), name, DecodeLimits.DefaultMaxPixels);
        Assert.True(reference.Compare(image).HashMatches);
    }

    [Fact]
    public void Garbage_between_segments_and_unknown_app_segments_are_skipped()
    {
        JpegReference reference = JpegReference.Get("baseline_420_q95_17x13");
        byte[] data = reference.ReadJpeg();
        byte[] extra = [0xFF, 0xE5, 0x00, 0x06, 1, 2, 3, 4, 0x00, 0x13, 0xFF, 0xFE, 0x00, 0x04, 0xAB, 0xCD];
        byte[] patched = [.. data.AsSpan(0, 2), .. extra, .. data.AsSpan(2)];
        Image image = JpegDecoder.Decode(patched, "patched.jpg", DecodeLimits.DefaultMaxPixels);
        Assert.True(reference.Compare(image).HashMatches);
    }

    [Fact]
    public void Decoding_needs_no_more_than_the_given_pixel_budget()
    {
        JpegReference reference = JpegReference.Get("baseline_420_q50_33x65");
        Image image = JpegDecoder.Decode(reference.ReadJpeg(), "exact.jpg", maxPixels: 33 * 65);
        Assert.Equal((33, 65), (image.Width, image.Height));
    }
}

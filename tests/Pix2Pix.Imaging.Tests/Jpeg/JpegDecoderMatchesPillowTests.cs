using Pix2Pix.Imaging.Jpeg;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>Our pixels against Pillow's (libjpeg-turbo 2.1, islow IDCT, fancy upsampling) for every fixture.</summary>
public class JpegDecoderMatchesPillowTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(JpegReference.Names), MemberType = typeof(JpegReference))]
    public void Decoded_pixels_equal_pillow(string name)
    {
        JpegReference reference = JpegReference.Get(name);
        Image image = JpegDecoder.Decode(reference.ReadJpeg(), name + ".jpg", DecodeLimits.DefaultMaxPixels);

        Assert.Equal((reference.Width, reference.Height, reference.Channels), (image.Width, image.Height, image.Channels));
        (int max, int different, bool hashMatches) = reference.Compare(image);
        output.WriteLine($"{name}: max |difference| {max}, {different} differing samples on the stored rows, full-image hash {(hashMatches ? "equal" : "DIFFERENT")}");
        Assert.True(max <= 2, $"{name}: max difference {max} > 2 ({different} samples differ)");
        Assert.True(hashMatches && different == 0, $"{name}: not bit-exact with Pillow (max difference {max}, {different} samples differ on the stored rows)");
    }
}

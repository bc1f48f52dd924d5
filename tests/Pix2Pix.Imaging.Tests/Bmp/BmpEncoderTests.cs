using Pix2Pix.Imaging.Bmp;

namespace Pix2Pix.Imaging.Tests.Bmp;

public class BmpEncoderTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(33, 17, 3)]
    [InlineData(2, 300, 3)]
    public void Encoded_bmp_decodes_to_the_same_pixels(int width, int height, int channels)
    {
        Image image = TestImages.Pattern(width, height, channels, seed: width * 7 + height);
        byte[] bmp = BmpEncoder.Encode(image);
        Image decoded = BmpDecoder.Decode(bmp, "round trip");
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        // gray is written with a gray palette, which the reader expands to RGB
        Image expected = channels == 1 ? Expand(image) : image;
        Assert.Equal(expected.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Rows_are_padded_to_four_bytes()
    {
        byte[] bmp = BmpEncoder.Encode(new Image(5, 3, 3));
        Assert.Equal(14 + 40 + 16 * 3, bmp.Length);   // 5·3 = 15 bytes per row, padded to 16
    }

    [Fact]
    public void Rgba_keeps_its_colour_channels()
    {
        Image rgba = TestImages.Pattern(6, 4, 4, seed: 1);
        Image decoded = BmpDecoder.Decode(BmpEncoder.Encode(rgba), "rgba");
        for (int i = 0; i < 24; i++)
            Assert.Equal(rgba.Pixels.AsSpan(i * 4, 3).ToArray(), decoded.Pixels.AsSpan(i * decoded.Channels, 3).ToArray());
    }

    private static Image Expand(Image gray)
    {
        var rgb = new Image(gray.Width, gray.Height, 3);
        for (int i = 0; i < gray.Pixels.Length; i++)
            rgb.Pixels[3 * i] = rgb.Pixels[3 * i + 1] = rgb.Pixels[3 * i + 2] = gray.Pixels[i];
        return rgb;
    }
}

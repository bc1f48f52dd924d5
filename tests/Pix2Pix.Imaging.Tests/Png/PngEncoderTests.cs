using System.IO.Compression;
using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Imaging.Tests.Png;

public class PngEncoderTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 1, 3 }, { 1, 1, 4 },
        { 7, 5, 1 }, { 7, 5, 3 }, { 7, 5, 4 },
        { 33, 17, 1 }, { 33, 17, 3 }, { 33, 17, 4 },
        { 256, 3, 3 }, { 2, 300, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Encoded_png_decodes_to_the_same_pixels(int width, int height, int channels)
    {
        Image image = TestImages.Pattern(width, height, channels, seed: width * 31 + height);

        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            byte[] png = PngEncoder.Encode(image, level);
            Image decoded = PngDecoder.Decode(png, "round trip");
            Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
            Assert.Equal(image.Pixels, decoded.Pixels);
        }
    }

    [Fact]
    public void Smooth_images_compress_well_because_rows_are_filtered()
    {
        var image = new Image(128, 128, 3);
        for (int y = 0; y < 128; y++)
        {
            for (int x = 0; x < 128; x++)
            {
                int i = (y * 128 + x) * 3;
                image.Pixels[i] = (byte)(x * 2);
                image.Pixels[i + 1] = (byte)(y * 2);
                image.Pixels[i + 2] = (byte)(x + y);
            }
        }

        byte[] png = PngEncoder.Encode(image);
        Assert.True(png.Length < image.Pixels.Length / 20, $"a gradient should compress over 20x, got {png.Length} bytes for {image.Pixels.Length}");
    }

    [Fact]
    public void Large_images_are_split_into_several_idat_chunks_and_still_decode()
    {
        Image image = TestImages.Pattern(700, 700, 3, seed: 5, noise: 255);
        byte[] png = PngEncoder.Encode(image, CompressionLevel.Fastest);
        int idats = 0;
        for (int i = 0; i + 4 <= png.Length; i++)
        {
            if (png.AsSpan(i, 4).SequenceEqual("IDAT"u8))
                idats++;
        }

        Assert.True(idats >= 2, $"expected several IDAT chunks, found {idats}");
        Assert.Equal(image.Pixels, PngDecoder.Decode(png, "big").Pixels);
    }
}

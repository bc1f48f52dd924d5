using Pix2Pix.Imaging.Geometry;

namespace Pix2Pix.Imaging.Tests.Geometry;

public class ImageGeometryTests
{
    [Fact]
    public void Crop_copies_the_requested_rectangle()
    {
        Image image = TestImages.Pattern(7, 5, 3, seed: 4);
        Image crop = ImageGeometry.Crop(image, 2, 1, 4, 3);
        Assert.Equal((4, 3, 3), (crop.Width, crop.Height, crop.Channels));
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                for (int c = 0; c < 3; c++)
                    Assert.Equal(image.Pixels[((y + 1) * 7 + x + 2) * 3 + c], crop.Pixels[(y * 4 + x) * 3 + c]);
            }
        }
    }

    [Fact]
    public void Crop_outside_the_image_is_rejected_with_the_sizes()
    {
        Image image = TestImages.Pattern(7, 5, 1, seed: 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ImageGeometry.Crop(image, 4, 0, 4, 5));
        Assert.Contains("7x5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flip_mirrors_columns_and_twice_is_identity()
    {
        var image = new Image(3, 1, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        Image flipped = ImageGeometry.FlipHorizontal(image);
        Assert.Equal(new byte[] { 9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4 }, flipped.Pixels);
        Assert.Equal(image.Pixels, ImageGeometry.FlipHorizontal(flipped).Pixels);
    }
}

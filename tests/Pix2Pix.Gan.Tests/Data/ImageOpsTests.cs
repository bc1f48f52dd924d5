using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data;

public class ImageOpsTests
{
    [Fact]
    public void Crop_copies_the_box_and_fills_outside_the_image_with_zero()
    {
        var image = TestImages.Pattern(5, 4);
        var crop = ImageOps.Crop(image, 3, 2, 4, 3);
        Assert.Equal((4, 3), (crop.Width, crop.Height));
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sx = 3 + x, sy = 2 + y;
                    byte expected = sx < 5 && sy < 4 ? image.Pixels[(sy * 5 + sx) * 3 + c] : (byte)0;
                    Assert.Equal(expected, crop.Pixels[(y * 4 + x) * 3 + c]);
                }
            }
        }
    }

    [Fact]
    public void FlipHorizontal_mirrors_each_row_and_twice_is_identity()
    {
        var image = TestImages.Pattern(7, 3);
        var flipped = ImageOps.FlipHorizontal(image);
        Assert.Equal(image.Pixels.AsSpan(0, 3).ToArray(), flipped.Pixels.AsSpan(6 * 3, 3).ToArray());
        Assert.Equal(image.Pixels, ImageOps.FlipHorizontal(flipped).Pixels);
    }

    [Fact]
    public void ToGray_uses_the_PIL_convert_L_weights()
    {
        var image = new Image(2, 1, 3, [255, 0, 0, 10, 200, 30]);
        var gray = ImageOps.ToGray(image);
        Assert.Equal((byte)((255 * 19595 + 0x8000) >> 16), gray.Pixels[0]);
        Assert.Equal((byte)((10 * 19595 + 200 * 38470 + 30 * 7471 + 0x8000) >> 16), gray.Pixels[1]);
    }

    [Fact]
    public void ToRgb_replicates_gray_and_drops_alpha()
    {
        Assert.Equal(new byte[] { 9, 9, 9, 200, 200, 200 }, ImageOps.ToRgb(new Image(2, 1, 1, [9, 200])).Pixels);
        Assert.Equal(new byte[] { 1, 2, 3, 5, 6, 7 }, ImageOps.ToRgb(new Image(2, 1, 4, [1, 2, 3, 4, 5, 6, 7, 8])).Pixels);
    }

    [Fact]
    public void Normalized_planes_map_0_to_minus_one_and_255_to_one_channel_major()
    {
        var image = new Image(2, 1, 3, [0, 255, 51, 255, 0, 102]);
        float[] planes = new float[6];
        ImageOps.ToNormalizedPlanes(image, planes);
        float v51 = (51 / 255f - 0.5f) / 0.5f;
        float v102 = (102 / 255f - 0.5f) / 0.5f;
        Assert.Equal(new[] { -1f, 1f, 1f, -1f, v51, v102 }, planes);
    }
}

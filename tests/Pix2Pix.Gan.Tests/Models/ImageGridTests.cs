using Pix2Pix.Engine;
using Pix2Pix.Gan.Visuals;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>make_grid(x, padding=2, normalize=True) conventions: 8 per row, 2-pixel black padding, min–max over the grid.</summary>
public class ImageGridTests
{
    [Fact]
    public void Cells_are_30_pixels_apart_for_28_pixel_images_and_padding_is_black()
    {
        var x = Tensor.Full(0.5f, 10, 1, 28, 28);
        x.Data[0] = -0.5f;
        var grid = ImageGrid.Make(x);
        Assert.Equal([1, 1, 2 * 30 + 2, 8 * 30 + 2], grid.ShapeArray());
        var image = ImageGrid.ToImage(x);
        Assert.Equal(0, image.Pixels[0]);                       // padding
        Assert.Equal(0, image.Pixels[2 * 242 + 2]);             // the minimum → 0
        Assert.Equal(255, image.Pixels[2 * 242 + 3]);           // the maximum → 255
        Assert.Equal(255, image.Pixels[2 * 242 + 32]);          // second cell starts 30 pixels later
        Assert.Equal(0, image.Pixels[2 * 242 + 30]);            // padding between cells
        Assert.Equal(0, image.Pixels[32 * 242 + 3 * 30 + 5]);   // an empty cell of the second row stays black
    }

    [Fact]
    public void Fewer_than_eight_images_make_one_short_row()
    {
        Assert.Equal([1, 3, 30 + 2, 3 * 30 + 2], ImageGrid.Make(Tensor.Zeros(3, 3, 28, 28)).ShapeArray());
    }

    [Fact]
    public void Scale_each_stretches_every_image_to_its_own_range()
    {
        // image 0 spans [0, 0.5], image 1 spans [−0.2, 0]: one range for both would leave neither black-to-white
        var x = new Tensor([0f, 0.5f, 0.5f, 0.5f, -0.2f, 0f, 0f, 0f], 2, 1, 2, 2);
        var shared = ImageGrid.ToImage(x, padding: 0);
        var each = ImageGrid.ToImage(x, padding: 0, scaleEach: true);
        Assert.Equal([0, 255, 255, 255], new[] { each.Pixels[0], each.Pixels[1], each.Pixels[4], each.Pixels[5] }.Select(b => (int)b));
        Assert.Equal([0, 255], new[] { each.Pixels[2], each.Pixels[3] }.Select(b => (int)b));   // image 1: −0.2 → 0, 0 → 255
        Assert.Equal(73, shared.Pixels[3]);   // 0 in the shared range [−0.2, 0.5]: 0.2/0.7·255 + 0.5
    }
}

using Pix2Pix.Gan;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Inference;

public class ImageFitTests
{
    private static readonly SizeRule Unet128 = new(128, "A U-Net with 7 downsamplings");

    private static Image Numbered(int w, int h)
    {
        var image = new Image(w, h, 1);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)i;
        return image;
    }

    [Theory]
    [InlineData(100, 60, 128, 128)]
    [InlineData(200, 300, 256, 256)]
    [InlineData(300, 129, 256, 128)]
    [InlineData(128, 500, 128, 512)]
    public void Resize_goes_to_the_nearest_accepted_size_and_back(int w, int h, int fw, int fh)
    {
        var fitted = ImageFit.Fit(Numbered(w, h), Unet128, FitMode.Resize, "x.png");
        Assert.Equal((fw, fh), (fitted.Input.Width, fitted.Input.Height));
        var back = fitted.Restore(fitted.Input);
        Assert.Equal((w, h), (back.Width, back.Height));
    }

    [Theory]
    [InlineData(100, 60, 128, 128, 14, 34)]
    [InlineData(129, 128, 256, 128, 63, 0)]
    [InlineData(1, 1, 128, 128, 63, 63)]
    public void Pad_goes_to_the_next_accepted_size_and_crops_back_to_the_original(int w, int h, int fw, int fh, int left, int top)
    {
        var image = Numbered(w, h);
        var fitted = ImageFit.Fit(image, Unet128, FitMode.Pad, "x.png");
        Assert.Equal((fw, fh, left, top), (fitted.Input.Width, fitted.Input.Height, fitted.Left, fitted.Top));
        Assert.Equal(image.Pixels, fitted.Restore(fitted.Input).Pixels);
    }

    [Fact]
    public void Reflect_padding_mirrors_without_repeating_the_edge_as_numpy_reflect()
    {
        // numpy.pad([0, 1, 2], (4, 5), mode='reflect'): the pattern 0 1 2 1 repeats to both sides
        var row = new Image(3, 1, 1, [0, 1, 2]);
        var padded = ImageFit.ReflectPad(row, 4, 5, 0, 0);
        Assert.Equal(new byte[] { 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1 }, padded.Pixels);
    }

    [Fact]
    public void An_image_that_fits_is_left_alone_whatever_the_mode()
    {
        var image = Numbered(128, 256);
        foreach (var mode in Enum.GetValues<FitMode>())
            Assert.Same(image, ImageFit.Fit(image, Unet128, mode, "x.png").Input);
    }

    [Fact]
    public void Exact_names_the_file_and_both_other_choices()
    {
        var ex = Assert.Throws<ArgumentException>(() => ImageFit.Fit(Numbered(100, 60), Unet128, FitMode.Exact, "photos/a.png"));
        Assert.Contains("photos/a.png is 100x60", ex.Message, StringComparison.Ordinal);
        Assert.Contains("multiples of 128", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--fit resize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--fit pad", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--resize 128x128", ex.Message, StringComparison.Ordinal);
    }
}

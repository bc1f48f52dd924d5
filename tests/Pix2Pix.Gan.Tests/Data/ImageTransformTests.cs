using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data;

public class ImageTransformTests
{
    private static DataOptions Options(PreprocessMode mode, int load = 40, int crop = 32, bool noFlip = false) =>
        new() { DataRoot = "unused", DatasetMode = DatasetMode.Aligned, Preprocess = mode, LoadSize = load, CropSize = crop, NoFlip = noFlip };

    [Theory]
    [InlineData(nameof(PreprocessMode.ResizeAndCrop), 50, 30, 32, 32)]
    [InlineData(nameof(PreprocessMode.Crop), 50, 30, 32, 32)] // taller side padded with zeros, as PIL's crop does
    [InlineData(nameof(PreprocessMode.Crop), 20, 18, 20, 18)] // smaller than the crop: unchanged
    [InlineData(nameof(PreprocessMode.ScaleWidth), 50, 30, 40, 32)] // 40·30/50 = 24 < crop 32, so height = 32
    [InlineData(nameof(PreprocessMode.ScaleWidth), 20, 60, 40, 120)]
    [InlineData(nameof(PreprocessMode.ScaleWidthAndCrop), 20, 60, 32, 32)]
    [InlineData(nameof(PreprocessMode.None), 50, 30, 48, 32)] // Python rounds halves to even: round(12.5) = 12 → 48; round(7.5) = 8 → 32
    [InlineData(nameof(PreprocessMode.None), 41, 22, 40, 24)] // 10.25 → 10; 5.5 → 6
    [InlineData(nameof(PreprocessMode.None), 40, 24, 40, 24)]
    public void Each_preprocess_mode_gives_the_reference_output_size(string modeName, int w, int h, int ew, int eh)
    {
        var mode = Enum.Parse<PreprocessMode>(modeName);
        var options = Options(mode);
        Assert.Equal((ew, eh), ImageTransform.OutputSize(w, h, options));
        var parameters = TransformParams.Draw(options, w, h, new DataRandom(9));
        var output = ImageTransform.Apply(TestImages.Pattern(w, h), options, parameters, grayscale: false);
        Assert.Equal((ew, eh, 3), (output.Width, output.Height, output.Channels));
    }

    [Fact]
    public void Draw_keeps_the_crop_inside_the_resized_image_and_flips_about_half_the_time()
    {
        var options = Options(PreprocessMode.ResizeAndCrop, load: 36, crop: 32);
        var r = new DataRandom(11);
        int flips = 0;
        var xs = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            var p = TransformParams.Draw(options, 100, 80, r);
            Assert.InRange(p.CropX, 0, 4);
            Assert.InRange(p.CropY, 0, 4);
            xs.Add(p.CropX);
            flips += p.Flip ? 1 : 0;
        }
        Assert.Equal(5, xs.Count);
        Assert.InRange(flips, 900, 1100);
    }

    [Fact]
    public void Scale_width_and_crop_draws_y_from_the_scaled_height()
    {
        var options = Options(PreprocessMode.ScaleWidthAndCrop, load: 40, crop: 32);
        var r = new DataRandom(2);
        for (int i = 0; i < 500; i++)
        {
            var p = TransformParams.Draw(options, 20, 60, r); // scaled to 40x120
            Assert.InRange(p.CropX, 0, 8);
            Assert.InRange(p.CropY, 0, 88);
        }
    }

    [Fact]
    public void Crop_mode_takes_exactly_the_drawn_box_and_flip_mirrors_it()
    {
        var options = Options(PreprocessMode.Crop, crop: 8);
        var image = TestImages.Pattern(20, 16);
        var plain = ImageTransform.Apply(image, options, new TransformParams(5, 3, false), grayscale: false);
        Assert.Equal(ImageOps.Crop(image, 5, 3, 8, 8).Pixels, plain.Pixels);
        var flipped = ImageTransform.Apply(image, options, new TransformParams(5, 3, true), grayscale: false);
        Assert.Equal(ImageOps.FlipHorizontal(plain).Pixels, flipped.Pixels);
        var noFlip = ImageTransform.Apply(image, options with { NoFlip = true }, new TransformParams(5, 3, true), grayscale: false);
        Assert.Equal(plain.Pixels, noFlip.Pixels);
    }

    [Fact]
    public void Grayscale_gives_one_channel_and_tensor_values_lie_in_minus_one_to_one()
    {
        var options = Options(PreprocessMode.ResizeAndCrop);
        var image = TestImages.Pattern(64, 48);
        var gray = ImageTransform.Apply(image, options, new TransformParams(3, 4, true), grayscale: true);
        Assert.Equal(1, gray.Channels);
        float[] data = ImageTransform.ToTensorData(gray);
        Assert.Equal(32 * 32, data.Length);
        Assert.All(data, v => Assert.InRange(v, -1f, 1f));
        Assert.Contains(data, v => v < -0.5f);
        Assert.Contains(data, v => v > 0.5f);
    }

    [Fact]
    public void None_mode_rejects_images_too_small_to_round_with_a_clear_message()
    {
        var ex = Assert.Throws<DataException>(() =>
            ImageTransform.Apply(new Image(1, 1, 3), Options(PreprocessMode.None), default, grayscale: false));
        Assert.Contains("--preprocess none", ex.Message, StringComparison.Ordinal);
    }
}

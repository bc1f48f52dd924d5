using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>translate on real folders: bad files, --fit, output formats, --batch_size, paths it must not write.</summary>
public sealed class TranslateFolderTests : IDisposable
{
    private readonly DatasetsTempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string P(params string[] parts) => Path.Combine([_tmp.Path, .. parts]);

    /// <summary>A tiny untrained resnet generator (sides: multiples of 4) with batch normalization.</summary>
    private string Weights()
    {
        string file = P("g.safetensors");
        if (!File.Exists(file))
            Checkpoint.Save(file, NetworkFactory.DefineG(3, 3, 4, "resnet_6blocks", "batch", false, "normal", 0.02f, new Rng(1), null).StateDict());
        return file;
    }

    private static Image Pattern(int w, int h, int seed)
    {
        var rng = new Rng((ulong)seed);
        var image = new Image(w, h, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.NextInt(256);
        return image;
    }

    private (int Exit, string Output, string Error) Translate(params string[] args) =>
        DatasetsCli.Run(["translate", "--checkpoint", Weights(), "--netG", "resnet_6blocks", "--ngf", "4", "--norm", "batch", "--no_dropout", .. args]);

    [Fact]
    public void Images_smaller_than_a_resnet_accepts_are_fitted_up_to_its_minimum_side()
    {
        // a ResNet's residual blocks reflect-pad the quarter-size image by 1, so 8 is its least side, not 4
        ImageCodecs.SavePng(Pattern(5, 3, 4), P("in", "tiny.png"));
        foreach (string fit in new[] { "pad", "resize" })
        {
            var r = Translate("--input", P("in", "tiny.png"), "--output", P($"out_{fit}.png"), "--fit", fit, "--eval");
            Assert.True(r.Exit == 0, r.Error);
            var result = ImageCodecs.Load(P($"out_{fit}.png"));
            Assert.Equal((5, 3), (result.Width, result.Height));
        }
        var exact = Translate("--input", P("in", "tiny.png"), "--output", P("out_exact.png"), "--eval");
        Assert.Equal(1, exact.Exit);
        Assert.Contains("multiples of 4, at least 8", exact.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_size_image_and_a_corrupt_file_are_reported_and_the_others_translated()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("in", "a.png"));
        ImageCodecs.SavePng(Pattern(30, 22, 2), P("in", "b.png"));
        File.WriteAllBytes(P("in", "c.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        ImageCodecs.SavePng(Pattern(8, 8, 3), P("in", "sub", "d.png"));

        var r = Translate("--input", P("in"), "--output", P("out"), "--eval");

        Assert.Equal(1, r.Exit);
        Assert.True(File.Exists(P("out", "a.png")));
        Assert.True(File.Exists(P("out", "sub", "d.png")));
        Assert.False(File.Exists(P("out", "b.png")));
        Assert.Contains("translated 2 of 4 image(s)", r.Output, StringComparison.Ordinal);
        Assert.Contains("images/s", r.Output, StringComparison.Ordinal);
        Assert.Contains($"error: {P("in", "b.png")} is 30x22", r.Error, StringComparison.Ordinal);
        Assert.Contains("--fit resize", r.Error, StringComparison.Ordinal);
        Assert.Contains("--fit pad", r.Error, StringComparison.Ordinal);
        Assert.Contains(P("in", "c.png"), r.Error, StringComparison.Ordinal);
        Assert.Contains("2 image(s) could not be translated", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pad")]
    [InlineData("resize")]
    public void Fit_pad_and_resize_write_results_of_the_input_sizes(string fit)
    {
        ImageCodecs.SavePng(Pattern(30, 22, 1), P("in", "a.png"));
        ImageCodecs.SavePng(Pattern(13, 7, 2), P("in", "b.png"));
        var r = Translate("--input", P("in"), "--output", P("out"), "--eval", "--fit", fit);
        Assert.True(r.Exit == 0, r.Error);
        var a = ImageCodecs.Load(P("out", "a.png"));
        var b = ImageCodecs.Load(P("out", "b.png"));
        Assert.Equal((30, 22), (a.Width, a.Height));
        Assert.Equal((13, 7), (b.Width, b.Height));
    }

    [Fact]
    public void A_jpg_output_is_a_real_jpeg_and_bmp_a_real_bmp()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("a.png"));
        Assert.Equal(0, Translate("--input", P("a.png"), "--output", P("a.jpg"), "--eval", "--quality", "90").Exit);
        Assert.Equal(ImageFormat.Jpeg, ImageCodecs.DetectFormat(File.ReadAllBytes(P("a.jpg"))));
        Assert.Equal((16, 12), (ImageCodecs.Load(P("a.jpg")).Width, ImageCodecs.Load(P("a.jpg")).Height));

        ImageCodecs.SavePng(Pattern(16, 12, 2), P("in", "b.png"));
        Assert.Equal(0, Translate("--input", P("in"), "--output", P("out"), "--eval", "--format", "bmp").Exit);
        Assert.Equal(ImageFormat.Bmp, ImageCodecs.DetectFormat(File.ReadAllBytes(P("out", "b.bmp"))));
    }

    [Fact]
    public void An_unknown_output_extension_names_itself_and_the_choices()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("a.png"));
        var r = Translate("--input", P("a.png"), "--output", P("a.tif"));
        Assert.Equal(1, r.Exit);
        Assert.Contains("'.tif'", r.Error, StringComparison.Ordinal);
        Assert.Contains(".png, .jpg, .jpeg, .bmp", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_size_2_writes_the_same_images_as_batch_size_1_in_eval_mode()
    {
        for (int i = 0; i < 5; i++)
            ImageCodecs.SavePng(Pattern(i == 2 ? 20 : 16, 12, i), P("in", $"{i}.png"));   // one of another size
        var one = Translate("--input", P("in"), "--output", P("one"), "--eval", "--batch_size", "1");
        var two = Translate("--input", P("in"), "--output", P("two"), "--eval", "--batch_size", "2");
        Assert.True(one.Exit == 0, one.Error);
        Assert.True(two.Exit == 0, two.Error);
        for (int i = 0; i < 5; i++)
        {
            byte[] a = ImageCodecs.Load(P("one", $"{i}.png")).Pixels, b = ImageCodecs.Load(P("two", $"{i}.png")).Pixels;
            int maxDiff = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(maxDiff <= 1, $"image {i}: bytes differ by up to {maxDiff}");   // 1e-6 in the tensor can cross a rounding step
        }
    }

    [Fact]
    public void Batch_size_above_1_without_eval_is_refused_for_a_batchnorm_generator()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("in", "a.png"));
        var r = Translate("--input", P("in"), "--output", P("out"), "--batch_size", "2");
        Assert.Equal(1, r.Exit);
        Assert.Contains("add --eval or use --batch_size 1", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_refuses_to_overwrite_its_input()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("in.png"));
        byte[] before = File.ReadAllBytes(P("in.png"));
        var r = Translate("--input", P("in.png"), "--output", P("in.png"));
        Assert.Equal(1, r.Exit);
        Assert.Contains("never overwritten", r.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(P("in.png")));

        var folder = Translate("--input", _tmp.Path, "--output", _tmp.Path);
        Assert.Equal(1, folder.Exit);
        Assert.Contains("never overwritten", folder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_inside_the_input_folder_is_not_read_as_input_on_the_next_run()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("in", "a.png"));
        Assert.Equal(0, Translate("--input", P("in"), "--output", P("in", "out"), "--eval").Exit);
        var again = Translate("--input", P("in"), "--output", P("in", "out"), "--eval");
        Assert.Equal(0, again.Exit);
        Assert.Contains("translated 1 of 1", again.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(P("in", "out", "out")));
    }

    [Fact]
    public void A_symbolic_link_in_the_output_folder_cannot_lead_outside_it()
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("in", "sub", "a.png"));
        Directory.CreateDirectory(P("elsewhere"));
        Directory.CreateDirectory(P("out"));
        Directory.CreateSymbolicLink(P("out", "sub"), P("elsewhere"));
        var r = Translate("--input", P("in"), "--output", P("out"), "--eval");
        Assert.Equal(1, r.Exit);
        Assert.Contains("outside the output folder", r.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(P("elsewhere")));
    }

    [Theory]
    [InlineData("--batch_size", "0")]
    [InlineData("--batch_size", "100000")]
    [InlineData("--fit", "crop")]
    [InlineData("--quality", "0")]
    [InlineData("--quality", "101")]
    [InlineData("--format", "gif")]
    [InlineData("--resize", "0x16")]
    public void A_bad_flag_value_is_a_command_line_error(string flag, string value)
    {
        ImageCodecs.SavePng(Pattern(16, 12, 1), P("a.png"));
        var r = Translate("--input", P("a.png"), "--output", P("b.png"), flag, value);
        Assert.Equal(2, r.Exit);
        Assert.Contains(value, r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(P("b.png")));
    }

    [Fact]
    public void The_progress_line_shows_the_bar_count_rate_and_eta()
    {
        string line = TranslateProgress.Describe(5, 10, TimeSpan.FromSeconds(2));
        Assert.Equal("\rtranslate [############............] 5/10 2.5 images/s ETA 00:00:02   ", line);
    }
}

using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pix2pix-convert-" + Guid.NewGuid().ToString("N"));

    public ConvertCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(params string[] parts) => Path.Combine([_dir, .. parts]);

    private static Image Pattern(int w, int h, int channels = 3)
    {
        var image = new Image(w, h, channels);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i * 37 + i / 7);
        return image;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Convert_re_encodes_a_folder_recursively_keeping_relative_paths_and_pixels()
    {
        var a = Pattern(9, 7);
        var b = Pattern(5, 4, 1);
        ImageCodecs.SavePng(a, P("in", "a.png"));
        ImageCodecs.SavePng(b, P("in", "sub", "b.png"));
        File.WriteAllText(P("in", "notes.txt"), "not an image");
        File.Move(P("in", "sub", "b.png"), P("in", "sub", "b.PNG"));

        var (code, output, _) = Run("convert", P("in"), P("out"));

        Assert.Equal(0, code);
        Assert.Contains("Converted 2 image(s)", output, StringComparison.Ordinal);
        Assert.Equal(a.Pixels, ImageCodecs.Load(P("out", "a.png")).Pixels);
        var b2 = ImageCodecs.Load(P("out", "sub", "b.png"));
        Assert.Equal((5, 4, 1), (b2.Width, b2.Height, b2.Channels));
        Assert.Equal(b.Pixels, b2.Pixels);
        Assert.False(File.Exists(P("out", "notes.png")));
    }

    [Fact]
    public void Convert_resizes_and_makes_gray_a_single_file()
    {
        ImageCodecs.SavePng(Pattern(20, 10), P("x.png"));
        var (code, _, err) = Run("convert", P("x.png"), P("y.png"), "--resize", "8x6", "--filter", "lanczos", "--grayscale");
        Assert.True(code == 0, err);
        var y = ImageCodecs.Load(P("y.png"));
        Assert.Equal((8, 6, 1), (y.Width, y.Height, y.Channels));
    }

    [Fact]
    public void Convert_of_a_file_into_a_folder_uses_the_base_name()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("photo.png"));
        Directory.CreateDirectory(P("outdir"));
        Assert.Equal(0, Run("convert", P("photo.png"), P("outdir")).Code);
        Assert.True(File.Exists(P("outdir", "photo.png")));
    }

    [Theory]
    [InlineData("256")]
    [InlineData("0x10")]
    [InlineData("axb")]
    public void A_bad_resize_value_fails_with_the_expected_form(string value)
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("x.png"));
        var (code, _, err) = Run("convert", P("x.png"), P("y.png"), "--resize", value);
        Assert.NotEqual(0, code);
        Assert.Contains("WIDTHxHEIGHT", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_fails_naming_it()
    {
        var (code, _, err) = Run("convert", P("nothing"), P("out"));
        Assert.NotEqual(0, code);
        Assert.Contains(P("nothing"), err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_filter_is_rejected()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("x.png"));
        Assert.NotEqual(0, Run("convert", P("x.png"), P("y.png"), "--resize", "2x2", "--filter", "cubic").Code);
    }

    [Fact]
    public void A_corrupt_file_is_reported_and_the_others_still_convert()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("in", "good.png"));
        File.WriteAllBytes(P("in", "bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var (code, _, err) = Run("convert", P("in"), P("out"));
        Assert.Equal(1, code);
        Assert.Contains("bad.png", err, StringComparison.Ordinal);
        Assert.DoesNotContain($"{P("in", "bad.png")}: {P("in", "bad.png")}", err, StringComparison.Ordinal);   // named once
        Assert.True(File.Exists(P("out", "good.png")));
    }

    [Fact]
    public void Two_inputs_that_would_write_the_same_png_are_refused_before_writing()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("in", "same.png"));
        File.Copy(P("in", "same.png"), P("in", "same.bmp"));
        var (code, _, err) = Run("convert", P("in"), P("out"));
        Assert.Equal(1, code);
        Assert.Contains("would both be written", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void An_output_file_name_of_an_unknown_format_is_refused_naming_the_choices()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("x.png"));
        var (code, _, err) = Run("convert", P("x.png"), P("y.tif"));
        Assert.Equal(1, code);
        Assert.Contains("'.tif'", err, StringComparison.Ordinal);
        Assert.Contains(".png, .jpg, .jpeg, .bmp", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y.jpg", ImageFormat.Jpeg)]
    [InlineData("y.bmp", ImageFormat.Bmp)]
    public void The_output_extension_picks_the_format(string name, ImageFormat format)
    {
        ImageCodecs.SavePng(Pattern(9, 7), P("x.png"));
        Assert.Equal(0, Run("convert", P("x.png"), P(name)).Code);
        Assert.Equal(format, ImageCodecs.DetectFormat(File.ReadAllBytes(P(name))));
    }

    [Fact]
    public void A_folder_converts_to_jpeg_with_format_jpg()
    {
        ImageCodecs.SavePng(Pattern(9, 7), P("in", "a.png"));
        var (code, _, err) = Run("convert", P("in"), P("out"), "--format", "jpg", "--quality", "80");
        Assert.True(code == 0, err);
        Assert.Equal(ImageFormat.Jpeg, ImageCodecs.DetectFormat(File.ReadAllBytes(P("out", "a.jpg"))));
    }

    [Theory]
    [InlineData("--quality", "0")]
    [InlineData("--quality", "101")]
    [InlineData("--format", "gif")]
    [InlineData("--resize", "0x3")]
    public void A_bad_flag_value_is_a_command_line_error(string flag, string value)
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("x.png"));
        var (code, _, err) = Run("convert", P("x.png"), P("y.png"), flag, value);
        Assert.Equal(2, code);
        Assert.Contains(value, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_refuses_to_overwrite_its_input()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("x.png"));
        byte[] before = File.ReadAllBytes(P("x.png"));
        var (code, _, err) = Run("convert", P("x.png"), P("x.png"));
        Assert.Equal(1, code);
        Assert.Contains("never overwritten", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(P("x.png")));
    }

    [Fact]
    public void Convert_of_a_folder_into_itself_refuses_before_writing()
    {
        ImageCodecs.SavePng(Pattern(4, 4), P("in", "a.png"));
        var (code, _, err) = Run("convert", P("in"), P("in"));
        Assert.Equal(1, code);
        Assert.Contains("never overwritten", err, StringComparison.Ordinal);
    }
}

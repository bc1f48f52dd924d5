using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Codecs;

public sealed class ImageCodecsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pix2pix-codecs-" + Guid.NewGuid().ToString("N"));

    public ImageCodecsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("png", "rgb8_plain_13x11.png")]
    [InlineData("png", "palt4_adam7_13x11.png")]
    [InlineData("bmp", "pillow_rgb.bmp")]
    [InlineData("bmp", "topdown24.bmp")]
    [InlineData("pnm", "pillow_l.pgm")]
    [InlineData("pnm", "plain_rgb.ppm")]
    public void Load_dispatches_on_magic_bytes_not_on_the_extension(string folder, string file)
    {
        var fixture = FixtureManifest.Find(folder, file);
        string renamed = Path.Combine(_folder, "picture.dat");
        File.Copy(fixture.Path, renamed);
        Image image = ImageCodecs.Load(renamed);
        Assert.Equal(fixture.ExpectedPixels, image.Pixels);
    }

    [Fact]
    public void Missing_file_throws_file_not_found_with_the_path()
    {
        string path = Path.Combine(_folder, "nope.png");
        var e = Assert.Throws<FileNotFoundException>(() => ImageCodecs.Load(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0 }, "TIFF is not supported; convert it to PNG")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8 }, "TIFF is not supported; convert it to PNG")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "GIF is not supported")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, "supported formats are PNG, JPEG, BMP and PBM/PGM/PPM")]
    [InlineData(new byte[0], "the file is empty")]
    public void Unsupported_formats_get_a_message_saying_what_to_do(byte[] data, string expected)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageCodecs.Decode(data, "thing.img"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("thing.img", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_format_recognises_each_supported_signature()
    {
        Assert.Equal(ImageFormat.Png, ImageCodecs.DetectFormat(File.ReadAllBytes(RepoPaths.Fixture("png", "gray8_plain_1x1.png"))));
        Assert.Equal(ImageFormat.Jpeg, ImageCodecs.DetectFormat([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal(ImageFormat.Bmp, ImageCodecs.DetectFormat("BM"u8));
        Assert.Equal(ImageFormat.Pnm, ImageCodecs.DetectFormat("P6\n"u8));
        Assert.Equal(ImageFormat.WebP, ImageCodecs.DetectFormat("RIFF\0\0\0\0WEBPVP8 "u8));
        Assert.Equal(ImageFormat.Unknown, ImageCodecs.DetectFormat("P7\n"u8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Save_png_then_load_round_trips_and_leaves_no_temporary_file(int channels)
    {
        Image image = TestImages.Pattern(31, 7, channels, seed: channels);
        string path = Path.Combine(_folder, "sub", "out.png");
        ImageCodecs.SavePng(image, path);
        ImageCodecs.SavePng(image, path); // overwrite
        Image loaded = ImageCodecs.Load(path);
        Assert.Equal(channels, loaded.Channels);
        Assert.Equal(image.Pixels, loaded.Pixels);
        Assert.Equal(["out.png"], Directory.GetFiles(Path.Combine(_folder, "sub")).Select(Path.GetFileName));
    }

    [Fact]
    public void Encode_png_matches_what_save_png_writes()
    {
        Image image = TestImages.Pattern(8, 8, 3, seed: 9);
        string path = Path.Combine(_folder, "x.png");
        ImageCodecs.SavePng(image, path);
        Assert.Equal(ImageCodecs.EncodePng(image), File.ReadAllBytes(path));
    }
}

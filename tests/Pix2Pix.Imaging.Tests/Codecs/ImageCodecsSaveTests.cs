namespace Pix2Pix.Imaging.Tests.Codecs;

public sealed class ImageCodecsSaveTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pix2pix-save-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("a.png", ImageFormat.Png)]
    [InlineData("a.JPG", ImageFormat.Jpeg)]
    [InlineData("a.jpeg", ImageFormat.Jpeg)]
    [InlineData("a.bmp", ImageFormat.Bmp)]
    public void Save_writes_the_format_the_extension_names(string name, ImageFormat format)
    {
        string path = Path.Combine(_dir, name);
        Image image = TestImages.Pattern(10, 6, 3, seed: 1, noise: 4);
        ImageCodecs.Save(image, path);
        byte[] data = File.ReadAllBytes(path);
        Assert.Equal(format, ImageCodecs.DetectFormat(data));
        Assert.Equal((10, 6), (ImageCodecs.Load(path).Width, ImageCodecs.Load(path).Height));
        Assert.Single(Directory.GetFiles(_dir));   // no temporary file left behind
    }

    [Theory]
    [InlineData("out.tif", "'.tif'")]
    [InlineData("out", "no extension")]
    public void An_unknown_extension_names_itself_and_the_choices(string name, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => ImageCodecs.Save(new Image(2, 2, 3), Path.Combine(_dir, name)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(".png, .jpg, .jpeg, .bmp", ex.Message, StringComparison.Ordinal);
    }
}

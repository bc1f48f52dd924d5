namespace Pix2Pix.Imaging.Tests.Codecs;

public sealed class ImageProbeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pix2pix-probe-" + Guid.NewGuid().ToString("N"));

    public ImageProbeTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Bmp)]
    public void A_whole_file_passes(ImageFormat format)
    {
        string path = Write("whole.img", Encoded(format));
        Assert.Null(ImageProbe.FindProblem(path));
    }

    [Fact]
    public void A_jpeg_with_padding_after_its_end_marker_passes()
    {
        string path = Write("padded.jpg", [.. Encoded(ImageFormat.Jpeg), 0, 0, 0, 0]);
        Assert.Null(ImageProbe.FindProblem(path));
    }

    [Fact]
    public void A_jpeg_cut_in_the_scan_data_is_named_truncated()
    {
        byte[] jpeg = Encoded(ImageFormat.Jpeg);
        string problem = Problem("cut.jpg", jpeg[..(jpeg.Length * 2 / 3)]);
        Assert.Contains("truncated", problem, StringComparison.Ordinal);
        Assert.Contains("FF D9", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_without_its_end_marker_is_named_truncated()
    {
        byte[] jpeg = Encoded(ImageFormat.Jpeg);
        Assert.Contains("FF D9", Problem("noeoi.jpg", jpeg[..^2]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_cut_in_its_header_is_named_truncated()
    {
        byte[] jpeg = Encoded(ImageFormat.Jpeg);
        Assert.Contains("truncated", Problem("header.jpg", jpeg[..40]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_cut_inside_idat_names_the_chunk()
    {
        byte[] png = Encoded(ImageFormat.Png);
        int idat = IndexOf(png, "IDAT"u8);
        string problem = Problem("cut.png", png[..(idat + 20)]);
        Assert.Contains("truncated", problem, StringComparison.Ordinal);
        Assert.Contains("IDAT", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_without_iend_is_named_truncated()
    {
        byte[] png = Encoded(ImageFormat.Png);
        Assert.Contains("IEND", Problem("noiend.png", png[..^12]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bmp_with_a_short_pixel_array_is_named_truncated()
    {
        byte[] bmp = Encoded(ImageFormat.Bmp);
        Assert.Contains("truncated", Problem("cut.bmp", bmp[..^10]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_named_empty()
    {
        Assert.Contains("empty", Problem("empty.jpg", []), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_the_wrong_magic_bytes_names_them()
    {
        string problem = Problem("text.png", "hello, not an image"u8.ToArray());
        Assert.Contains("68656C6C", problem, StringComparison.Ordinal);
        Assert.Contains("no supported format", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_claiming_a_huge_image_is_refused_without_decoding()
    {
        byte[] png = Encoded(ImageFormat.Png);
        png[16] = 0x7F; // IHDR width, most significant byte
        Assert.Contains("above the limit", Problem("huge.png", png), StringComparison.Ordinal);
    }

    private static byte[] Encoded(ImageFormat format) => ImageCodecs.Encode(TestImages.Pattern(37, 29, 3, seed: 5), format);

    private string Problem(string name, byte[] data)
    {
        string? problem = ImageProbe.FindProblem(Write(name, data));
        Assert.NotNull(problem);
        return problem;
    }

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> needle) => data.AsSpan().IndexOf(needle);
}

using Pix2Pix.Imaging.Bmp;
using Pix2Pix.Imaging.Jpeg;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>
/// Our JPEG encoder's (and BMP writer's) output pinned to the files in Fixtures/jpeg-encoder, which
/// tools/check_jpeg_encoder.py has PIL decode (JPEG: compared with PIL's own tables and quality; BMP: pixel for pixel). Set PIX2PIX_WRITE_JPEG_FIXTURES=1 to rewrite them after a deliberate
/// change of the encoder, then run the script again.
/// </summary>
public class JpegEncoderFixtureTests
{
    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "rgb_q95_420", "rgb.png", 95, nameof(JpegSubsampling.Chroma420) },
        { "rgb_q50_444", "rgb.png", 50, nameof(JpegSubsampling.Chroma444) },
        { "rgb_q10_420", "rgb.png", 10, nameof(JpegSubsampling.Chroma420) },
        { "gray_q75", "gray.png", 75, nameof(JpegSubsampling.Chroma420) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_encoder_writes_the_bytes_PIL_was_checked_on(string name, string source, int quality, string subsamplingName)
    {
        var subsampling = Enum.Parse<JpegSubsampling>(subsamplingName);
        string folder = RepoPaths.Fixture("jpeg-encoder");
        if (Environment.GetEnvironmentVariable("PIX2PIX_WRITE_JPEG_FIXTURES") == "1")
            Write(folder);
        Image image = ImageCodecs.Load(Path.Combine(folder, source));
        byte[] jpeg = JpegEncoder.Encode(image, quality, subsampling);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, name + ".jpg")), jpeg);
    }

    [Theory]
    [InlineData("rgb")]
    [InlineData("gray")]
    public void The_bmp_writer_writes_the_bytes_PIL_was_checked_on(string name)
    {
        string folder = RepoPaths.Fixture("jpeg-encoder");
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, name + ".bmp")), BmpEncoder.Encode(ImageCodecs.Load(Path.Combine(folder, name + ".png"))));
    }

    private static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        ImageCodecs.SavePng(JpegEncoderTests.Smooth(37, 29, 3, seed: 11, noise: 12), Path.Combine(folder, "rgb.png"));
        ImageCodecs.SavePng(JpegEncoderTests.Smooth(17, 11, 1, seed: 12, noise: 12), Path.Combine(folder, "gray.png"));
        foreach (string name in new[] { "rgb", "gray" })
            File.WriteAllBytes(Path.Combine(folder, name + ".bmp"), BmpEncoder.Encode(ImageCodecs.Load(Path.Combine(folder, name + ".png"))));
        foreach (var row in Cases)
        {
            var (name, source, quality, subsampling) = ((string)row[0], (string)row[1], (int)row[2], (JpegSubsampling)row[3]);
            File.WriteAllBytes(Path.Combine(folder, name + ".jpg"), JpegEncoder.Encode(ImageCodecs.Load(Path.Combine(folder, source)), quality, subsampling));
        }
    }
}

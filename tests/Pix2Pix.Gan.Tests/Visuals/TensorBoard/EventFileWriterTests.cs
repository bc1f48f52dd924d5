using System.Text;
using Pix2Pix.Gan.Visuals.TensorBoard;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Visuals.TensorBoard;

public sealed class EventFileWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"p2p-tb-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("123456789", 0xE3069283u)]   // the CRC-32C check value
    [InlineData("", 0x00000000u)]
    public void Crc32C_matches_the_published_check_values(string text, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32C_matches_the_iSCSI_test_vectors_of_RFC_3720()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void Masked_crc_agrees_with_the_test_readers_bitwise_version()
    {
        var data = Encoding.UTF8.GetBytes("brain.Event:2 and some more bytes");
        Assert.Equal(TfEventReader.MaskedCrc(data), Crc32C.Masked(data));
    }

    [Fact]
    public void A_file_holds_the_version_then_scalars_images_and_text_in_tensorboards_layout()
    {
        var image = new Image(3, 2, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
        string path;
        using (var writer = EventFileWriter.Create(_dir))
        {
            path = writer.Path;
            writer.AddScalars(7, [new("loss/G", 0.25f), new("lr", 2e-4f)]);
            writer.AddImage("visuals/x", 8, image);
            writer.AddText("options", 9, "| flag | value |\n| é | ü |");
            writer.Flush();
        }
        Assert.Matches(@"^events\.out\.tfevents\.\d{10}\.", Path.GetFileName(path));
        var events = TfEventReader.Read(path);
        Assert.Equal(4, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.InRange(events[0].WallTime, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(7, events[1].Step);
        Assert.Equal([("loss/G", 0.25f), ("lr", 2e-4f)], events[1].Values.Select(v => (v.Tag, v.Scalar!.Value)));
        var img = events[2].Values.Single().Image!;
        Assert.Equal((2, 3, 3), (img.Height, img.Width, img.Colorspace));
        Assert.Equal(image.Pixels, ImageCodecs.Decode(img.Encoded, "event").Pixels);
        var text = events[3].Values.Single();
        Assert.Equal(("options", "text", "| flag | value |\n| é | ü |"), (text.Tag, text.PluginName, text.Text));
    }

    [Fact]
    public void A_damaged_byte_is_caught_by_the_record_crc()
    {
        string path;
        using (var writer = EventFileWriter.Create(_dir))
        {
            path = writer.Path;
            writer.AddScalars(1, [new("a", 1f)]);
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0x10;   // inside the last record's data
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => TfEventReader.Read(path));
        Assert.Contains("data CRC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_writer_in_the_same_second_opens_its_own_file()
    {
        using var first = EventFileWriter.Create(_dir);
        using var second = EventFileWriter.Create(_dir);
        using var third = EventFileWriter.Create(_dir);
        Assert.Equal(3, new[] { first.Path, second.Path, third.Path }.Distinct().Count());
        Assert.All(new[] { first.Path, second.Path, third.Path }, p => Assert.Contains("tfevents", Path.GetFileName(p), StringComparison.Ordinal));
    }
}

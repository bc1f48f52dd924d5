using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

public class LossLogTests
{
    [Fact]
    public void Loss_line_has_the_reference_format()
    {
        var losses = new[] { new KeyValuePair<string, float>("G_GAN", 0.8123f), new("G_L1", 14.2031f), new("D_real", 0.455f), new("D_fake", 0.5012f) };
        string line = LossLog.FormatLine(3, 200, 0.0521, 0.0012, losses);
        Assert.Equal("(epoch: 3, iters: 200, time: 0.052, data: 0.001) G_GAN: 0.812 G_L1: 14.203 D_real: 0.455 D_fake: 0.501 ", line);
    }

    [Fact]
    public void Log_file_starts_with_a_dated_header_and_appends_lines()
    {
        string path = Path.Combine(Path.GetTempPath(), $"losslog-{Guid.NewGuid():N}", "loss_log.txt");
        var log = new LossLog(path, append: false);
        log.Append("a");
        log.Append("b");
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("================ Training Loss (", lines[0]);
        Assert.Equal(new[] { "a", "b" }, lines[1..]);
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }
}

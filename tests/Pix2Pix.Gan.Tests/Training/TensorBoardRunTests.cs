using System.Globalization;
using System.Text.RegularExpressions;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Visuals.TensorBoard;
using Pix2Pix.Gan.Training;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>A real tiny training run's event files, read back by the independent test reader.</summary>
[Collection("Training runs")]
public partial class TensorBoardRunTests
{
    [Fact]
    public void A_pix2pix_run_logs_the_loss_log_scalars_the_visuals_and_the_options_and_a_continue_adds_a_file()
    {
        using var run = new TinyRun();
        var opt = run.Options("tb", epochs: 1);
        opt.Tensorboard = true;
        using (var t = new Trainer(opt, TextWriter.Null))
            t.Train();
        var folder = new RunFolder(opt.RunDirectory);
        string file = Directory.GetFiles(folder.TensorBoardDir).Single();
        var events = TfEventReader.Read(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);

        var text = events.SelectMany(e => e.Values).Single(v => v.Tag == "options");
        Assert.Equal("text", text.PluginName);
        Assert.Contains("| name | tb |", text.Text, StringComparison.Ordinal);
        Assert.Contains("| netG | unet_128 |", text.Text, StringComparison.Ordinal);

        // Every loss_log line is a step of images seen with the same values (the log rounds to 3 decimals).
        var logged = LogLines(folder.LossLog, datasetSize: 4);
        Assert.Equal(4, logged.Count);
        var scalarEvents = events.Where(e => e.Values.Any(v => v.Tag.StartsWith("loss/", StringComparison.Ordinal))).ToList();
        Assert.Equal(logged.Select(l => l.Step), scalarEvents.Select(e => e.Step));
        foreach (var (step, losses) in logged)
        {
            var e = scalarEvents.Single(x => x.Step == step);
            foreach (var (name, value) in losses)
                Assert.Equal(value, e.Values.Single(v => v.Tag == "loss/" + name).Scalar!.Value, 0.0005);
            Assert.Equal(0.0002f, e.Values.Single(v => v.Tag == "lr").Scalar!.Value, 1e-9);
            Assert.True(e.Values.Single(v => v.Tag == "steps_per_second").Scalar > 0);
        }

        // Images at the display step (3 images) and at the end (4); the last is the page's final visual.
        var images = events.Where(e => e.Values.Any(v => v.Tag == "visuals/fake_B")).ToList();
        Assert.Equal([3L, 4L], images.Select(e => e.Step));
        var last = images[^1].Values.Single(v => v.Tag == "visuals/fake_B").Image!;
        var decoded = ImageCodecs.Decode(last.Encoded, "event");
        var page = ImageCodecs.Load(Path.Combine(folder.WebDir, "images", "epoch001_fake_B.png"));
        Assert.Equal((page.Width, page.Height, page.Channels), (last.Width, last.Height, last.Colorspace));
        Assert.Equal(page.Pixels, decoded.Pixels);
        Assert.Equal(["visuals/fake_B", "visuals/real_A", "visuals/real_B"],
            events.Where(e => e.Step == 4).SelectMany(e => e.Values).Where(v => v.Image is not null).Select(v => v.Tag).Order(StringComparer.Ordinal));

        // --continue_train: a new file for the new process, its steps after the first run's.
        var more = run.Options("tb", epochs: 2);
        more.Tensorboard = true;
        more.ContinueTrain = true;
        using (var t = new Trainer(more, TextWriter.Null))
            t.Train();
        var files = Directory.GetFiles(folder.TensorBoardDir);
        Assert.Equal(2, files.Length);
        var second = TfEventReader.Read(files.Single(f => f != file));
        var steps = second.Where(e => e.Values.Any(v => v.Tag == "loss/G_GAN")).Select(e => e.Step).ToList();
        Assert.Equal([5L, 6L, 7L, 8L], steps);
        Assert.Equal(steps.Select(s => s), LogLines(folder.LossLog, 4).Skip(4).Select(l => l.Step));
    }

    [Fact]
    public void TensorBoard_is_on_by_default_for_the_classic_gans_only()
    {
        foreach (string model in new[] { "gan", "cgan", "dcgan", "wgangp" })
        {
            var o = new TrainOptions { Model = model };
            o.ApplyModelDefaults(new HashSet<string>());
            Assert.True(o.Tensorboard, model);
        }
        var off = new TrainOptions { Model = "gan", Tensorboard = false };
        off.ApplyModelDefaults(new HashSet<string> { "tensorboard" });
        Assert.False(off.Tensorboard);
        foreach (string model in new[] { "pix2pix", "cycle_gan" })
        {
            var o = new TrainOptions { Model = model };
            o.ApplyModelDefaults(new HashSet<string>());
            Assert.False(o.Tensorboard, model);
        }
    }

    [Fact]
    public void A_gan_run_logs_its_sample_grid()
    {
        using var run = new DigitRun(64);
        var o = run.Options("gan", "tb-gan", epochs: 1, batchSize: 32);
        o.PrintFreq = 32;
        o.DisplayFreq = 64;
        o.NoHtml = false;
        Assert.True(o.Tensorboard);
        using (var t = new Trainer(o, TextWriter.Null))
            t.Train();
        string folder = Path.Combine(run.Root, "checkpoints", "tb-gan");
        var events = TfEventReader.Read(Directory.GetFiles(Path.Combine(folder, "tensorboard")).Single());
        var grid = events.SelectMany(e => e.Values).Last(v => v.Tag == "visuals/fake").Image!;
        var page = ImageCodecs.Load(Path.Combine(folder, "web", "images", "epoch001_fake.png"));
        Assert.Equal(page.Pixels, ImageCodecs.Decode(grid.Encoded, "event").Pixels);
        Assert.Contains(events.SelectMany(e => e.Values), v => v.Tag == "loss/G");
    }

    private static List<(long Step, List<(string Name, float Value)> Losses)> LogLines(string lossLog, int datasetSize) =>
        File.ReadLines(lossLog).Select(l => LogLine().Match(l)).Where(m => m.Success).Select(m =>
        (
            (long)(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1) * datasetSize + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            LossPair().Matches(m.Groups[3].Value).Select(p => (p.Groups[1].Value, float.Parse(p.Groups[2].Value, CultureInfo.InvariantCulture))).ToList()
        )).ToList();

    [GeneratedRegex(@"^\(epoch: (\d+), iters: (\d+), [^)]*\) (.*)$")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"(\S+): (\S+)")]
    private static partial Regex LossPair();
}

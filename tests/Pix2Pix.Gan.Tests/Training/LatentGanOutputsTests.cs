using Pix2Pix.Gan.Training;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>A noise model's run folder: options.json with z_dim, loss_log with G and D, the page's make_grid-style grids.</summary>
[Collection("Training runs")]
public class LatentGanOutputsTests
{
    [Fact]
    public void A_gan_run_writes_options_losses_and_a_grid_of_64_fixed_samples()
    {
        using var run = new DigitRun(64);
        var o = run.Options("gan", "outputs", epochs: 1, batchSize: 32);
        o.NoHtml = false;
        o.PrintFreq = 32;
        o.DisplayFreq = 64;
        using (var t = new Trainer(o, TextWriter.Null))
            t.Train();
        string folder = Path.Combine(run.Root, "checkpoints", "outputs");
        Assert.Contains("\"z_dim\": 64", File.ReadAllText(Path.Combine(folder, "options.json")), StringComparison.Ordinal);
        string log = File.ReadAllText(Path.Combine(folder, "loss_log.txt"));
        Assert.Contains("G: ", log, StringComparison.Ordinal);
        Assert.Contains("D_fake: ", log, StringComparison.Ordinal);
        var fake = ImageCodecs.Load(Path.Combine(folder, "web", "images", "epoch001_fake.png"));
        Assert.Equal((242, 242), (fake.Width, fake.Height));
        var real = ImageCodecs.Load(Path.Combine(folder, "web", "images", "epoch001_real.png"));
        Assert.Equal((242, 4 * 30 + 2), (real.Width, real.Height));
        Assert.Contains("epoch001_fake.png", File.ReadAllText(Path.Combine(folder, "web", "index.html")), StringComparison.Ordinal);
    }
}

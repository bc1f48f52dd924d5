using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Tests;

public class TrainingProgressTests
{
    [Fact]
    public void Progress_line_shows_epoch_bar_eta_and_losses_and_ends_the_line_at_epoch_end()
    {
        var model = new Pix2PixModel(new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 2, Ndf = 2, Norm = "batch" }, 1);
        var error = new StringWriter();
        var progress = new TrainingProgress(model, firstEpoch: 1, lastEpoch: 3, error);
        progress.OnStep(1, 1, 4);
        progress.OnStep(1, 4, 4);
        string text = error.ToString();
        Assert.Contains("\repoch 1/3 [######..................] 1/4 ETA ", text);
        Assert.Contains("\repoch 1/3 [########################] 4/4 ETA ", text);
        Assert.Contains("G_GAN", text);
        Assert.EndsWith(Environment.NewLine, text);
    }
}

using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class TrainerOutputsTests
{
    [Fact]
    public void A_run_writes_options_log_checkpoints_and_the_training_page()
    {
        using var run = new TinyRun();
        var opt = run.Options("outputs", epochs: 1);
        using (var t = new Trainer(opt, TextWriter.Null))
            t.Train();
        var folder = new RunFolder(opt.RunDirectory);
        foreach (string f in new[] { folder.OptionsJson, folder.OptionsText, folder.LossLog, folder.NetworkFile("latest", "G"),
                     folder.NetworkFile("latest", "D"), folder.NetworkFile("1", "G"), folder.TrainStateFile("latest"),
                     Path.Combine(folder.WebDir, "index.html"),
                     Path.Combine(folder.WebDir, "images", "epoch001_fake_B.png") })
            Assert.True(File.Exists(f), $"missing {f}");
        Assert.Contains("<svg class=\"loss\"", File.ReadAllText(Path.Combine(folder.WebDir, "index.html")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.TensorBoardDir), "pix2pix writes TensorBoard logs only with --tensorboard");
        var lines = File.ReadAllLines(folder.LossLog);
        Assert.Equal(1 + 4, lines.Length); // header + print_freq 1 × 4 images
        Assert.Matches(@"^\(epoch: 1, iters: 4, time: \d+\.\d{3}, data: \d+\.\d{3}\) G_GAN: \d+\.\d{3} G_L1: \d+\.\d{3} D_real: \d+\.\d{3} D_fake: \d+\.\d{3} $", lines[^1]);
        var saved = new TrainOptions();
        OptionsFile.FromJson(File.ReadAllText(folder.OptionsJson), saved, "options.json");
        Assert.Equal("unet_128", saved.NetG);
        Assert.Equal(8, saved.Ngf);
    }

    [Fact]
    public void Continue_train_without_a_run_says_what_is_missing()
    {
        using var run = new TinyRun();
        var opt = run.Options("nothing-here", epochs: 1);
        opt.ContinueTrain = true;
        using var t = new Trainer(opt, TextWriter.Null);
        var ex = Assert.Throws<FileNotFoundException>(() => t.Train());
        Assert.Contains("Train first", ex.Message);
    }
}

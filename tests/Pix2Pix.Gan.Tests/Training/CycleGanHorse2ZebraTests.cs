using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>CycleGAN on the real horse2zebra images (../shared/datasets/horse2zebra); skipped when it is absent.</summary>
[Collection("Training runs")]
public sealed class CycleGanHorse2ZebraTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2p-h2z-{Guid.NewGuid():N}");

    [SharedDatasetFact("horse2zebra", "trainA")]
    public void A_few_cyclegan_steps_on_horse2zebra_save_all_four_networks_and_a_results_page()
    {
        var opt = new TrainOptions
        {
            DataRoot = DataTestPaths.SharedDataset("horse2zebra")!, CheckpointsDir = _root, Name = "h2z", Model = "cycle_gan",
            NetG = "resnet_6blocks", Ngf = 4, Ndf = 4, LoadSize = 72, CropSize = 64, MaxDatasetSize = 4,
            NEpochs = 1, NEpochsDecay = 0, DisplayFreq = 2, NumThreads = 2, Seed = 1,
        };
        using (var t = new Trainer(opt, TextWriter.Null))
        {
            t.Train();
            Assert.All(t.Model.CurrentLosses(), kv => Assert.True(float.IsFinite(kv.Value) && kv.Value >= 0, $"{kv.Key} = {kv.Value}"));
        }
        var run = new RunFolder(opt.RunDirectory);
        foreach (string net in new[] { "G_A", "G_B", "D_A", "D_B" })
            Assert.True(File.Exists(run.NetworkFile("latest", net)), $"latest_net_{net} is missing");
        Assert.True(File.Exists(Path.Combine(run.WebDir, "images", "epoch001_idt_A.png")));

        var test = TestOptions.FromTraining(opt);
        var model = ModelFactory.Create(test, 0);
        foreach (var (name, net) in model.Networks)
            run.LoadNetwork(net, "latest", name);
        string page = Path.Combine(_root, "results");
        var metrics = Tester.Run(model, test, "test", 2, eval: false, page, "h2z");
        Assert.Equal(0, metrics.Images);   // unaligned: zebras are not the answers for horses
        Assert.Equal(12, Directory.GetFiles(Path.Combine(page, "images"), "*.png").Length);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Training;

[Collection("Training runs")]
public class LearningTests(ITestOutputHelper output)
{
    [Fact]
    public void A_tiny_pix2pix_fits_a_few_synthetic_pairs()
    {
        using var run = new TinyRun(train: 4);
        var opt = run.Options("learn", epochs: 30);
        opt.LoadSize = 128;
        opt.Preprocess = "none";
        opt.NoFlip = true;
        opt.NoDropout = true;
        opt.Ngf = 16;
        opt.Ndf = 16;
        opt.Lr = 0.001f;
        opt.DisplayFreq = 1000;
        opt.SaveLatestFreq = 1000;
        opt.SaveEpochFreq = 1000;
        var test = TestOptions.FromTraining(opt);

        var untrained = ModelFactory.Create(test, (ulong)opt.Seed);
        var before = Tester.Run(untrained, test, "train", int.MaxValue, eval: false, null, "");
        using (var t = new Trainer(opt, TextWriter.Null))
            t.Train();
        var trained = ModelFactory.Create(test, 0);
        new RunFolder(opt.RunDirectory).LoadNetwork(trained.Network("G"), "latest", "G");
        var after = Tester.Run(trained, test, "train", int.MaxValue, eval: false, null, "");
        output.WriteLine($"before: {before.Describe()}\nafter:  {after.Describe()}");
        Assert.True(after.L1 < 0.5 * before.L1, $"L1 fell only from {before.L1:F4} to {after.L1:F4}");
        Assert.True(after.Psnr > before.Psnr + 4, $"PSNR rose only from {before.Psnr:F2} to {after.Psnr:F2}");
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Training;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The noise models train through the ordinary Trainer: they learn, and a stopped run continues bit for bit.</summary>
[Collection("Training runs")]
public class LatentGanTrainingTests(ITestOutputHelper output)
{
    /// <summary>Mean |mean real image − mean of G(fixed noise)| per pixel: how far G's average digit is from the data's.</summary>
    private static double MeanImageGap(LatentGanModel model, int count)
    {
        var fake = model.GenerateFixed();
        double gap = 0;
        for (int p = 0; p < 784; p++)
        {
            double real = 0, generated = 0;
            for (int n = 0; n < count; n++)
            {
                int left = 3 + 2 * (n % 10);
                int x = p % 28, y = p / 28;
                real += y is >= 6 and < 22 && x >= left && x < left + 4 ? 1 : -1;
            }
            for (int n = 0; n < fake.Dim(0); n++)
                generated += fake.Data[n * 784 + p];
            gap += Math.Abs(real / count - generated / fake.Dim(0));
        }
        return gap / 784;
    }

    [Fact]
    public void Gan_on_256_synthetic_digits_moves_its_average_digit_toward_the_data()
    {
        using var run = new DigitRun(256);
        var options = run.Options("gan", "learn", epochs: 120, batchSize: 32);   // 960 steps
        using var trainer = new Trainer(options, TextWriter.Null);
        var model = (LatentGanModel)trainer.Model;
        double before = MeanImageGap(model, 256);
        trainer.Train();
        double after = MeanImageGap(model, 256);
        output.WriteLine($"mean-image gap: {before:F3} before, {after:F3} after 960 steps");
        Assert.True(after < 0.4 * before, $"the gap fell only from {before:F3} to {after:F3}");   // seed 5, 2 threads: 0.843 → 0.241
    }

    [Fact]
    public void Wgangp_on_128_synthetic_digits_moves_its_average_digit_toward_the_data()
    {
        using var run = new DigitRun(128);
        var options = run.Options("wgangp", "learn", epochs: 4, batchSize: 16);   // 32 G steps, 160 critic steps
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var trainer = new Trainer(options, TextWriter.Null);
        var model = (LatentGanModel)trainer.Model;
        double before = MeanImageGap(model, 128);
        trainer.Train();
        double after = MeanImageGap(model, 128);
        output.WriteLine($"mean-image gap: {before:F3} before, {after:F3} after 32 G steps ({watch.Elapsed.TotalSeconds:F1} s)");
        Assert.True(after < 0.7 * before, $"the gap fell only from {before:F3} to {after:F3}");   // seed 5: 0.737 → 0.411
    }

    [Theory]
    [InlineData("dcgan")]
    [InlineData("cgan")]
    [InlineData("wgangp")]
    public void A_run_stopped_mid_epoch_and_continued_ends_with_identical_weights(string model)
    {
        using var run = new DigitRun(48);
        using (var t = new Trainer(run.Options(model, "full", epochs: 2, batchSize: 16), TextWriter.Null))
            t.Train();
        int steps = 0;
        using (var t = new Trainer(run.Options(model, "resumed", epochs: 2, batchSize: 16), TextWriter.Null))
            Assert.True(t.Train(() => ++steps == 4).Stopped);
        var resumed = run.Options(model, "resumed", epochs: 2, batchSize: 16);
        resumed.ContinueTrain = true;
        using (var t = new Trainer(resumed, TextWriter.Null))
            t.Train();
        foreach (string net in new[] { "G", "D" })
        {
            var full = Read(run, "full", net);
            var again = Read(run, "resumed", net);
            Assert.Equal(full.Names, again.Names);
            foreach (string name in full.Names)
                if (full.TryGetFloat(name, out var a) && again.TryGetFloat(name, out var b))
                    Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), $"{model} {net}.{name} differs after resuming");
        }
    }

    private static StateDict Read(DigitRun run, string name, string net) =>
        SafeTensors.Read(Path.Combine(run.Root, "checkpoints", name, $"latest_net_{net}.safetensors")).Tensors;
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>progan through the ordinary Trainer on padded 32×32 digits: the schedule grows it, it learns, it resumes exactly.</summary>
[Collection("Training runs")]
public class ProganTrainingTests(ITestOutputHelper output)
{
    private static TrainOptions Options(DigitRun run, string name, string iters, string jumps = "0,2,2,2", int zDim = 8, string depths = "8,8,8,8", int batch = 8)
    {
        var o = run.Options("progan", name, epochs: 1, batchSize: batch);
        o.DatasetMode = "mnist";
        o.InputNc = o.OutputNc = 1;
        o.CropSize = o.LoadSize = 32;
        o.Preprocess = "none";
        ProganModel.ZDimFlag.Set(o, zDim);
        ProganModel.DepthScalesFlag.Set(o, depths);
        ProganModel.MaxIterAtScaleFlag.Set(o, iters);
        ProganModel.AlphaNJumpsFlag.Set(o, jumps);
        ProganModel.AlphaSizeJumpsFlag.Set(o, "0,1,1,1");
        return o;
    }

    [Fact]
    public void The_schedule_grows_to_the_crop_size_and_ends_with_the_last_scale()
    {
        using var run = new DigitRun(48);
        using var t = new Trainer(Options(run, "grow", "3,3,4,2"), TextWriter.Null);
        var model = (ProganModel)t.Model;
        Assert.Equal(2, t.LastEpoch);   // 12 iterations, 6 batches of 8 per epoch
        var seen = new List<(int Scale, double Alpha)>();
        t.StepCompleted = (_, _, _) => seen.Add((model.Scale, model.Alpha));
        var result = t.Train();
        Assert.Equal(12, seen.Count);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3], seen.Select(s => s.Scale));
        // linear fade-in over 2 jumps of 1 iteration: 1, 0.5, 0 at each new scale
        Assert.Equal([0, 0, 0, 1, 0.5, 0, 1, 0.5, 0, 0, 1, 0.5], seen.Select(s => s.Alpha));
        Assert.Equal(96, result.TotalIters);
        var avg = SafeTensors.Read(Path.Combine(run.Root, "checkpoints", "grow", "latest_net_avgG.safetensors"));
        Assert.Equal("3", avg.Metadata["progan_scale"]);
        Assert.Equal("0.5", avg.Metadata["progan_alpha"]);
        var sampler = LatentSampler.Load(Path.Combine(run.Root, "checkpoints"), "grow");
        Assert.Equal([5, 1, 32, 32], sampler.Sample(5, null, 1).ShapeArray());
    }

    [Fact]
    public void A_run_stopped_mid_fade_and_continued_across_scale_switches_ends_with_identical_weights()
    {
        using var run = new DigitRun(48);
        using (var t = new Trainer(Options(run, "full", "3,3,3,3"), TextWriter.Null))
            t.Train();
        int steps = 0;
        using (var t = new Trainer(Options(run, "resumed", "3,3,3,3"), TextWriter.Null))
            Assert.True(t.Train(() => ++steps == 5).Stopped);   // scale 1, alpha 0.5
        var state = SafeTensors.Read(Path.Combine(run.Root, "checkpoints", "resumed", "latest_train_state.safetensors"));
        Assert.Equal("1", state.Metadata["progan.scale"]);
        Assert.Equal("0.5", state.Metadata["progan.alpha"]);
        var resumed = Options(run, "resumed", "3,3,3,3");
        resumed.ContinueTrain = true;
        using (var t = new Trainer(resumed, TextWriter.Null))
            t.Train();
        foreach (string net in new[] { "G", "D", "avgG" })
        {
            var full = Read(run, "full", net);
            var again = Read(run, "resumed", net);
            Assert.Equal(full.Names, again.Names);
            Assert.Contains("scaleLayers.2.1.module.weight", full.Names);
            foreach (string name in full.Names)
                if (full.TryGetFloat(name, out var a) && again.TryGetFloat(name, out var b))
                    Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), $"{net}.{name} differs after resuming");
        }
    }

    [Fact]
    public void Progan_on_synthetic_digits_moves_its_average_digit_toward_the_data()
    {
        using var run = new DigitRun(128);
        var options = Options(run, "learn", "20,20,20,60", jumps: "0,10,10,10", zDim: 16, depths: "16,16,16,16", batch: 16);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var trainer = new Trainer(options, TextWriter.Null);
        var model = (ProganModel)trainer.Model;
        trainer.Train();
        double after = Gap(model.NetG.Forward(model.FixedNoise), 128);
        var untrained = (ProganModel)ModelFactory.Create(Options(run, "fresh", "20,20,20,60", zDim: 16, depths: "16,16,16,16", batch: 16), 5);
        for (int s = 0; s < 3; s++)
            untrained.AddScale();
        double before = Gap(untrained.NetG.Forward(untrained.FixedNoise), 128);
        output.WriteLine($"mean-image gap of G at 32x32: {before:F3} untrained, {after:F3} after 120 steps ({watch.Elapsed.TotalSeconds:F1} s)");
        Assert.True(after < 0.4 * before, $"the gap is {after:F3} after training against {before:F3} untrained");
    }

    /// <summary>Mean |mean real digit − mean generated image| per pixel at 32×32 (the digits padded by 2 on each side).</summary>
    private static double Gap(Tensor fake, int count)
    {
        using var noGrad = Autograd.NoGrad();
        double gap = 0;
        for (int p = 0; p < 32 * 32; p++)
        {
            int x = p % 32 - 2, y = p / 32 - 2;
            double real = 0, generated = 0;
            for (int n = 0; n < count; n++)
            {
                int left = 3 + 2 * (n % 10);
                real += y is >= 6 and < 22 && x >= left && x < left + 4 ? 1 : -1;
            }
            for (int n = 0; n < fake.Dim(0); n++)
                generated += fake.Data[n * 1024 + p];
            gap += Math.Abs(real / count - generated / fake.Dim(0));
        }
        return gap / 1024;
    }

    private static StateDict Read(DigitRun run, string name, string net) =>
        SafeTensors.Read(Path.Combine(run.Root, "checkpoints", name, $"latest_net_{net}.safetensors")).Tensors;
}

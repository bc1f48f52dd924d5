using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The exact-resume promise for CycleGAN: image pools and their random choices resume too.</summary>
[Collection("Training runs")]
public class CycleGanResumeTests
{
    private static readonly string[] NetworkNames = ["G_A", "G_B", "D_A", "D_B"];

    private sealed class Killed : Exception;

    /// <summary>Random crops, flips, unaligned B picks, identity loss, a small pool that swaps and a decaying LR.</summary>
    private static TrainOptions Options(CycleGanTinyRun run, string name)
    {
        var opt = run.Options(name, epochs: 2);
        opt.NEpochsDecay = 1;
        opt.Preprocess = "resize_and_crop";
        opt.LoadSize = 36;
        opt.NoFlip = false;
        opt.PoolSize = 3;
        opt.LambdaIdentity = 0.5f;
        opt.SaveLatestFreq = 2;
        opt.SaveEpochFreq = 1;
        return opt;
    }

    private static StateDict Final(TrainOptions opt, string network) =>
        SafeTensors.Read(Path.Combine(opt.RunDirectory, $"latest_net_{network}.safetensors")).Tensors;

    [Theory]
    [InlineData(5)]    // one step after a save: the step is redone
    [InlineData(9)]    // in the second epoch, with a full pool
    [InlineData(14)]   // in the decay epoch
    public void CycleGan_training_killed_and_continued_matches_an_uninterrupted_run(int killAfterStep)
    {
        using var run = new CycleGanTinyRun();
        var full = Options(run, "full");
        using (var t = new Trainer(full, TextWriter.Null))
            t.Train();

        var broken = Options(run, "resumed");
        int steps = 0;
        using (var t = new Trainer(broken, TextWriter.Null))
        {
            t.StepCompleted = (_, _, _) =>
            {
                if (++steps == killAfterStep)
                    throw new Killed();
            };
            Assert.Throws<Killed>(() => t.Train());
        }
        var state = SafeTensors.Read(new RunFolder(broken.RunDirectory).TrainStateFile("latest")).Tensors;
        Assert.True(state.TryGetFloat("pool.fake_A", out var poolA), "the training state has no image pool");
        Assert.Equal(3, poolA.Dim(0));
        Assert.True(state.Contains("pool.fake_B"));

        var resumed = Options(run, "resumed");
        resumed.ContinueTrain = true;
        using (var t = new Trainer(resumed, TextWriter.Null))
            t.Train();

        foreach (string network in NetworkNames)
        {
            var expected = Final(full, network);
            var actual = Final(resumed, network);
            Assert.Equal(expected.Names, actual.Names);
            foreach (string n in expected.Names)
            {
                expected.TryGetFloat(n, out var e);
                actual.TryGetFloat(n, out var a);
                Assert.True(e.Data.AsSpan().SequenceEqual(a.Data), $"{network}: {n} differs after resuming at step {killAfterStep}");
            }
        }
    }
}

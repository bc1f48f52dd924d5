using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The exact-resume promise: a run killed at any step and continued ends with the same weights, bit for bit.</summary>
[Collection("Training runs")]
public class ExactResumeTests
{
    private sealed class Killed : Exception;

    private static StateDict Final(TinyRun run, string name, string network) =>
        SafeTensors.Read(Path.Combine(run.Root, "checkpoints", name, $"latest_net_{network}.safetensors")).Tensors;

    private static void AssertSameWeights(StateDict expected, StateDict actual, string what)
    {
        Assert.Equal(expected.Names, actual.Names);
        foreach (string n in expected.Names)
        {
            if (expected.TryGetFloat(n, out var e))
            {
                actual.TryGetFloat(n, out var a);
                Assert.True(e.Data.AsSpan().SequenceEqual(a.Data), $"{what}: {n} differs after resuming");
            }
            else if (expected.TryGetInt64(n, out var ei))
            {
                actual.TryGetInt64(n, out var ai);
                Assert.Equal(ei.Data, ai.Data);
            }
        }
    }

    [Theory]
    [InlineData(5)]   // killed one step after a save (save_latest_freq 2): the step is redone
    [InlineData(4)]   // killed right after a save
    [InlineData(9)]   // killed in the second epoch, after an epoch-end save
    public void Training_killed_after_a_step_and_continued_matches_an_uninterrupted_run(int killAfterStep)
    {
        using var run = new TinyRun();
        // Dropout on, random crop and flip on, linear decay over the epochs: every random state must resume exactly.
        var full = run.Options("full", epochs: 2, decay: 2);
        using (var t = new Trainer(full, TextWriter.Null))
            t.Train();

        var broken = run.Options("resumed", epochs: 2, decay: 2);
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
        var resumed = run.Options("resumed", epochs: 2, decay: 2);
        resumed.ContinueTrain = true;
        using (var t = new Trainer(resumed, TextWriter.Null))
            t.Train();

        AssertSameWeights(Final(run, "full", "G"), Final(run, "resumed", "G"), "G");
        AssertSameWeights(Final(run, "full", "D"), Final(run, "resumed", "D"), "D");
    }

    [Fact]
    public void A_stop_requested_mid_epoch_saves_a_state_that_continues_exactly()
    {
        using var run = new TinyRun();
        var full = run.Options("full", epochs: 2);
        full.SaveLatestFreq = 1000;
        using (var t = new Trainer(full, TextWriter.Null))
            t.Train();

        var first = run.Options("stopped", epochs: 2);
        first.SaveLatestFreq = 1000;
        int steps = 0;
        using (var t = new Trainer(first, TextWriter.Null))
        {
            var result = t.Train(() => ++steps == 3);
            Assert.True(result.Stopped);
            Assert.Equal(3, result.TotalIters);
        }
        var second = run.Options("stopped", epochs: 2);
        second.ContinueTrain = true;
        using (var t = new Trainer(second, TextWriter.Null))
            Assert.Equal(8, t.Train().TotalIters);

        AssertSameWeights(Final(run, "full", "G"), Final(run, "stopped", "G"), "G");
    }
}

using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The linear rule as REFERENCE.md states it: the initial rate for n_epochs epochs, then a linear decay.</summary>
[Collection("Training runs")]
public class LearningRateTimingTests
{
    private static List<double> RatesPerEpoch(TinyRun run, int epochs, int decay)
    {
        var opt = run.Options($"lr{epochs}-{decay}", epochs, decay);
        opt.Lr = 0.0003f;
        var rates = new SortedDictionary<int, double>();
        using var t = new Trainer(opt, TextWriter.Null);
        t.StepCompleted = (epoch, _, _) => rates[epoch] = t.Model.LearningRate;
        t.Train();
        return rates.Values.ToList();
    }

    [Fact]
    public void A_single_epoch_without_decay_trains_at_the_initial_rate()
    {
        using var run = new TinyRun(train: 1);
        Assert.Equal(new[] { 0.0003 }, RatesPerEpoch(run, 1, 0).Select(r => Math.Round(r, 9)));
    }

    [Fact]
    public void Decay_epochs_fall_linearly_after_the_constant_ones()
    {
        using var run = new TinyRun(train: 1);
        var rates = RatesPerEpoch(run, 2, 2);
        Assert.Equal(new[] { 0.0003, 0.0003, 0.0002, 0.0001 }, rates.Select(r => Math.Round(r, 9)));
    }
}

using Pix2Pix.Engine.Optim;

namespace Pix2Pix.Engine.Tests.Optim;

/// <summary><see cref="LinearLrScheduler.ContinueAt"/>: a resume keeps the saved rate bit for bit; an extension follows LambdaLR's rule with the new flags.</summary>
public class LinearContinueTests
{
    private static Adam NewAdam() => new([new Tensor([0f], 1)], 0.0002f);

    [Theory]
    [InlineData(3, 4, 1, 2)]
    [InlineData(3, 4, 1, 6)]
    [InlineData(2, 5, 3, 7)]
    [InlineData(1, 0, 1, 1)]
    public void With_the_saved_flags_the_rate_is_the_saved_one_bit_for_bit(int nEpochs, int nDecay, int epochCount, int epochsDone)
    {
        var first = new LinearLrScheduler(NewAdam(), nEpochs, nDecay, epochCount);
        for (int i = 0; i < epochsDone; i++)
            first.Step();
        var resumed = new LinearLrScheduler(NewAdam(), nEpochs, nDecay, epochCount);
        resumed.LoadState(first.SaveState());
        resumed.ContinueAt(epochCount + epochsDone);
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.LearningRate), BitConverter.DoubleToInt64Bits(resumed.LearningRate));
        Assert.Equal(first.LastEpoch, resumed.LastEpoch);
    }

    [Fact]
    public void A_finished_run_extended_gets_the_new_schedules_rate_for_its_next_epoch_not_0()
    {
        var finished = new LinearLrScheduler(NewAdam(), 100, 100, 1);
        for (int i = 0; i < 200; i++)
            finished.Step();
        Assert.Equal(0, finished.LearningRate);

        var extended = new LinearLrScheduler(NewAdam(), 100, 150, epochCount: 1);
        extended.LoadState(finished.SaveState());
        extended.ContinueAt(201);
        // LambdaLR: 1 - max(0, 201 - 100) / (150 + 1)
        Assert.Equal(finished.BaseLearningRate * (1 - 101.0 / 151), extended.LearningRate, 15);
        extended.Step();
        Assert.Equal(finished.BaseLearningRate * (1 - 102.0 / 151), extended.LearningRate, 15);
    }

    [Fact]
    public void A_different_epoch_count_on_the_continue_does_not_shift_the_schedule()
    {
        var saved = new LinearLrScheduler(NewAdam(), 2, 4, epochCount: 1);
        for (int i = 0; i < 3; i++)
            saved.Step();
        var resumed = new LinearLrScheduler(NewAdam(), 2, 4, epochCount: 4);
        resumed.LoadState(saved.SaveState());
        resumed.ContinueAt(4);
        Assert.Equal(saved.LearningRate, resumed.LearningRate, 15);
    }
}

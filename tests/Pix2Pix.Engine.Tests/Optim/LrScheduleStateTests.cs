using Pix2Pix.Engine.Optim;

namespace Pix2Pix.Engine.Tests.Optim;

public class LrScheduleStateTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 9)]
    [InlineData(3, 7)]
    [InlineData(5, 13)]
    [InlineData(6, 8)]
    [InlineData(7, 16)]
    public void Saving_and_restoring_midway_continues_exactly_like_torch(int index, int saveAt)
    {
        LrScheduleReference c = LrScheduleReference.All[index];
        var adam = new Adam([new Tensor([0f], 1)], c.Lr);
        ILrScheduler scheduler = LrSchedulers.Create(c.Policy, adam, c.Options);
        for (int e = 0; e < saveAt; e++)
            scheduler.Step(c.Metrics?[e]);
        IReadOnlyDictionary<string, string> state = scheduler.SaveState();

        // A fresh optimizer and scheduler, as after a restart; the constructor's initial rate is overridden.
        var adam2 = new Adam([new Tensor([0f], 1)], 0.123f);
        ILrScheduler resumed = LrSchedulers.Create(c.Policy, adam2, c.Options);
        resumed.LoadState(state);
        Assert.Equal(c.Lrs[saveAt], resumed.LearningRate);
        for (int e = saveAt; e < c.Lrs.Length - 1; e++)
        {
            resumed.Step(c.Metrics?[e]);
            Assert.Equal(c.Lrs[e + 1], resumed.LearningRate);
        }
    }

    [Fact]
    public void Restoring_the_state_of_another_policy_is_refused_with_both_names()
    {
        var adam = new Adam([new Tensor([0f], 1)], 0.0002f);
        IReadOnlyDictionary<string, string> state = LrSchedulers.Create("step", adam).SaveState();
        var e = Assert.Throws<ArgumentException>(() => LrSchedulers.Create("linear", adam).LoadState(state));
        Assert.Contains("'step'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'linear'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_state_values_are_refused_and_leave_the_scheduler_unchanged()
    {
        var adam = new Adam([new Tensor([0f], 1)], 0.0002f);
        ILrScheduler scheduler = LrSchedulers.Create("plateau", adam);
        var state = new Dictionary<string, string>(scheduler.SaveState()) { ["best"] = "abc" };
        var e = Assert.Throws<ArgumentException>(() => scheduler.LoadState(state));
        Assert.Contains("'best'", e.Message, StringComparison.Ordinal);
        state.Remove("best");
        Assert.Contains("no 'best'", Assert.Throws<ArgumentException>(() => scheduler.LoadState(state)).Message, StringComparison.Ordinal);
        Assert.Equal(0.0002f, adam.LearningRate);
        Assert.Equal(0, scheduler.LastEpoch);
    }
}

namespace Pix2Pix.Engine.Tests;

public class ParallelTraceTests
{
    [Fact]
    public void Split_loops_are_recorded_by_item_count_on_the_thread_that_enabled_the_trace()
    {
        using var degree = Parallelism.WithDegree(2);
        ParallelTrace.Reset();
        ParallelTrace.Enabled = true;
        try
        {
            Parallelism.For(0, 5, _ => Thread.SpinWait(100));
            Parallelism.For(0, 5, _ => Thread.SpinWait(100));
            Parallelism.For(0, 12, _ => Thread.SpinWait(100));
            Parallelism.For(0, 1, _ => { }); // one item: never split, not recorded
        }
        finally
        {
            ParallelTrace.Enabled = false;
        }
        var loops = ParallelTrace.Snapshot();
        Assert.Equal([(5, 2L), (12, 1L)], loops.Select(l => (l.Items, l.Loops)));
        Assert.All(loops, l => Assert.True(l.Milliseconds > 0));
        Assert.Equal(2, ParallelTrace.Degree);
    }

    [Fact]
    public void Nothing_is_recorded_when_the_trace_is_off()
    {
        using var degree = Parallelism.WithDegree(2);
        ParallelTrace.Reset();
        Parallelism.For(0, 8, _ => { });
        Assert.Empty(ParallelTrace.Snapshot());
    }

    [Fact]
    public void The_estimate_keeps_serial_time_and_scales_each_loop_by_its_rounds_of_items()
    {
        // 100 ms step on 2 threads: 40 ms serial, 40 ms in loops of 64 items, 20 ms in loops of 2 items.
        (int, double, long)[] loops = [(64, 40, 1), (2, 20, 1)];
        Assert.Equal(100, ParallelTrace.Estimate(100, loops, degree: 2, threads: 2), 9);
        // 1 core: 64-item loops take 64 rounds instead of 32, 2-item loops 2 instead of 1.
        Assert.Equal(40 + 80 + 40, ParallelTrace.Estimate(100, loops, 2, 1), 9);
        // 16 cores: 4 rounds of the 64-item loops (40·4/32 = 5 ms); the 2-item loops gain nothing.
        Assert.Equal(40 + 5 + 20, ParallelTrace.Estimate(100, loops, 2, 16), 9);
        // 64 and 128 cores: one round each.
        Assert.Equal(40 + 1.25 + 20, ParallelTrace.Estimate(100, loops, 2, 64), 9);
        Assert.Equal(40 + 1.25 + 20, ParallelTrace.Estimate(100, loops, 2, 128), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelTrace.Estimate(100, loops, 0, 4));
    }
}

using System.Diagnostics;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Tests.Threading;

public class OpProfilerTests
{
    [Fact]
    public void Records_leaf_layer_forwards_and_backward_nodes_only_while_enabled()
    {
        var net = new Sequential(new Conv2d(2, 3, 3, 1, 1, rng: new Rng(1)), new LeakyReLU(0.2f), new Tanh());
        var x = Tensor.Uniform(new Rng(2), -1f, 1f, 1, 2, 8, 8);
        OpProfiler.Reset();
        net.Forward(x).Sum().Backward();
        Assert.Empty(OpProfiler.Snapshot());
        OpProfiler.Enabled = true;
        try
        {
            net.Forward(x).Sum().Backward();
            net.Forward(x).Sum().Backward();
        }
        finally
        {
            OpProfiler.Enabled = false;
        }
        var entries = OpProfiler.Snapshot().ToDictionary(e => e.Name);
        Assert.Equal(2, entries["forward Conv2d"].Calls);
        Assert.Equal(2, entries["forward LeakyReLU"].Calls);
        Assert.Equal(2, entries["backward Conv2dNode"].Calls);
        Assert.Equal(2, entries["backward TanhNode"].Calls);
        Assert.All(entries.Values, e => Assert.True(e.Milliseconds >= 0));
        OpProfiler.Reset();
        Assert.Empty(OpProfiler.Snapshot());
    }

    [Fact]
    public void Snapshot_lists_the_largest_total_first()
    {
        OpProfiler.Reset();
        long now = Stopwatch.GetTimestamp();
        OpProfiler.Record("small", now);
        OpProfiler.Record("large", now - Stopwatch.Frequency);
        Assert.Equal(["large", "small"], OpProfiler.Snapshot().Select(e => e.Name));
        OpProfiler.Reset();
    }
}

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
    public void By_shape_names_each_leaf_layer_with_its_input_shape_and_a_folded_pair_as_one()
    {
        var net = new Sequential(new Conv2d(2, 3, 3, 1, 1, bias: false, rng: new Rng(1)), new BatchNorm2d(3), new ReLU());
        net.Eval();
        InferenceFolding.FoldBatchNorm(net);
        OpProfiler.Reset();
        OpProfiler.ByShape = true;
        OpProfiler.Enabled = true;
        try
        {
            net.Forward(Tensor.Uniform(new Rng(2), -1f, 1f, 1, 2, 8, 8));
        }
        finally
        {
            OpProfiler.Enabled = false;
            OpProfiler.ByShape = false;
        }
        var names = OpProfiler.Snapshot().Select(e => e.Name).Order().ToList();
        Assert.Equal(["forward Conv2d+BatchNorm2d [1, 2, 8, 8]", "forward ReLU [1, 3, 8, 8]"], names);
        OpProfiler.Reset();
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

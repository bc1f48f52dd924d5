using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Tests.Modules;

public class InferenceFoldingTests
{
    /// <summary>Random affine parameters and running statistics for every batch norm (the defaults would fold to a no-op).</summary>
    internal static void RandomizeBatchNorms(Module net, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (var (_, module) in net.NamedModules())
        {
            if (module is not BatchNormBase bn)
                continue;
            Fill(bn.Weight, rng, 0.5f, 1.5f);
            Fill(bn.Bias, rng, -0.5f, 0.5f);
            Fill(bn.RunningMean, rng, -0.5f, 0.5f);
            Fill(bn.RunningVar, rng, 0.2f, 2f);
        }
    }

    private static void Fill(Tensor? t, Rng rng, float lo, float hi)
    {
        if (t is null)
            return;
        var values = Tensor.Uniform(rng, lo, hi, t.Count);
        values.Data.CopyTo(t.Data, 0);
    }

    private static Sequential Net(bool convBias, bool affine, bool transposed, ulong seed)
    {
        var rng = new Rng(seed);
        Module conv = transposed
            ? new ConvTranspose2d(5, 6, 4, 2, 1, bias: convBias, rng: rng)
            : new Conv2d(5, 6, 3, 2, 1, bias: convBias, rng: rng);
        var net = new Sequential(conv, new BatchNorm2d(6, eps: 1e-3f, affine: affine), new ReLU(), new Conv2d(6, 3, 1, rng: rng), new BatchNorm2d(3));
        RandomizeBatchNorms(net, seed + 100);
        return net;
    }

    public static TheoryData<bool, bool, bool> Cases() => new()
    {
        { false, true, false }, { true, true, false }, { true, false, false },
        { false, true, true }, { true, true, true }, { true, false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folded_eval_forward_matches_the_unfolded_one_to_float_rounding(bool convBias, bool affine, bool transposed)
    {
        var plain = Net(convBias, affine, transposed, 7);
        var folded = Net(convBias, affine, transposed, 7);
        plain.Eval();
        folded.Eval();
        Assert.Equal(2, InferenceFolding.FoldBatchNorm(folded));
        var x = Tensor.Uniform(new Rng(3), -1f, 1f, 2, 5, 9, 7);
        var expected = plain.Forward(x);
        var actual = folded.Forward(x);
        Assert.Equal(expected.Shape, actual.Shape);
        float worst = expected.Data.Zip(actual.Data).Max(p => Math.Abs(p.First - p.Second) / (1f + Math.Abs(p.First)));
        Assert.True(worst < 2e-6f, $"folded differs from unfolded by {worst} (relative)");
        Assert.NotEqual(expected.Data, Net(convBias, affine, transposed, 7).Train().Forward(x).Data);
    }

    [Fact]
    public void Folding_needs_eval_mode_and_leaves_a_network_that_refuses_training_and_state_dicts()
    {
        var net = Net(convBias: false, affine: true, transposed: true, seed: 1);
        Assert.Throws<InvalidOperationException>(() => InferenceFolding.FoldBatchNorm(net));
        net.Eval();
        Assert.Equal(2, InferenceFolding.FoldBatchNorm(net));
        Assert.Equal(0, InferenceFolding.FoldBatchNorm(net));
        Assert.True(net.IsInferenceOnly);
        var train = Assert.Throws<InvalidOperationException>(() => net.Train());
        Assert.Contains("folded", train.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => net.StateDict());
        Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(Net(false, true, true, 1).StateDict(), "other.safetensors"));
        net.Eval();
        Assert.Equal([1, 3, 8, 8], net.Forward(Tensor.Uniform(new Rng(2), -1f, 1f, 1, 5, 4, 4)).Shape);
    }

    [Fact]
    public void A_batch_norm_that_does_not_follow_a_convolution_is_left_alone()
    {
        var rng = new Rng(5);
        var plain = new Sequential(new BatchNorm2d(3), new Conv2d(3, 4, 3, rng: rng), new ReLU(), new BatchNorm2d(4));
        RandomizeBatchNorms(plain, 9);
        plain.Eval();
        var x = Tensor.Uniform(new Rng(4), -1f, 1f, 1, 3, 6, 6);
        var expected = plain.Forward(x);
        Assert.Equal(0, InferenceFolding.FoldBatchNorm(plain));
        Assert.Equal(expected.Data, plain.Forward(x).Data);
    }

    [Fact]
    public void A_convolution_used_in_two_places_is_refused_rather_than_scaled_twice()
    {
        var conv = new Conv2d(3, 3, 3, 1, 1, rng: new Rng(1));
        var net = new Sequential(new Sequential(conv, new BatchNorm2d(3)), new Sequential(conv, new BatchNorm2d(3)));
        net.Eval();
        var ex = Assert.Throws<InvalidOperationException>(() => InferenceFolding.FoldBatchNorm(net));
        Assert.Contains("more than one place", ex.Message, StringComparison.Ordinal);
        Assert.False(net.IsInferenceOnly);
    }
}

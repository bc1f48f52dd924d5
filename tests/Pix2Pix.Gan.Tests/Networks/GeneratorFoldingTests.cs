using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Networks;

/// <summary>A generator's evaluation forward with its batch norms folded into the convolutions (as translate runs it) against the unfolded one.</summary>
public class GeneratorFoldingTests
{
    [Theory]
    [InlineData("unet_128", 8, 128, 11)]
    [InlineData("unet_256", 4, 256, 13)]
    [InlineData("resnet_6blocks", 4, 64, 17)]
    public void Folded_generator_matches_the_unfolded_eval_forward(string netG, int ngf, int side, int batchNorms)
    {
        Module Build()
        {
            var g = NetworkFactory.DefineG(3, 3, ngf, netG, "batch", useDropout: true, "normal", 0.02f, new Rng(11), null);
            RandomizeBatchNorms(g, 12);
            g.Eval();
            return g;
        }
        var plain = Build();
        var folded = Build();
        Assert.Equal(batchNorms, InferenceFolding.FoldBatchNorm(folded));
        var x = Tensor.Uniform(new Rng(13), -1f, 1f, 1, 3, side, side);
        Tensor expected, actual;
        using (Autograd.NoGrad())
        {
            expected = plain.Forward(x);
            actual = folded.Forward(x);
        }
        float worst = expected.Data.Zip(actual.Data).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst < 1e-5f, $"{netG}: folded differs from unfolded by up to {worst} (largest |output| {expected.Data.Max(Math.Abs)})");
        Assert.True(expected.Data.Max(Math.Abs) > 1e-3f, "the test network's output is too small to compare");
    }

    [Fact]
    public void Folded_unet_gives_the_same_bits_on_any_thread_count()
    {
        var g = NetworkFactory.DefineG(3, 3, 8, "unet_128", "batch", useDropout: false, "normal", 0.02f, new Rng(21), null);
        RandomizeBatchNorms(g, 22);
        g.Eval();
        InferenceFolding.FoldBatchNorm(g);
        var x = Tensor.Uniform(new Rng(23), -1f, 1f, 1, 3, 128, 128);
        float[] Run(int threads)
        {
            using (Parallelism.WithDegree(threads))
            using (Autograd.NoGrad())
                return g.Forward(x).Data;
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    private static void RandomizeBatchNorms(Module net, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (var (_, module) in net.NamedModules())
        {
            if (module is not BatchNorm2d bn)
                continue;
            foreach (var (t, lo, hi) in new[] { (bn.Weight!, 0.5f, 1.5f), (bn.Bias!, -0.5f, 0.5f), (bn.RunningMean!, -0.1f, 0.1f), (bn.RunningVar!, 0.01f, 0.1f) })
                Tensor.Uniform(rng, lo, hi, t.Count).Data.CopyTo(t.Data, 0);
        }
    }
}

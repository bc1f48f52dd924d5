using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class NormalizationGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 3, 2, 3, 3 })]
    [InlineData(new[] { 4, 3 })]
    [InlineData(new[] { 2, 3, 5 })]
    public void BatchNorm_training_backward_matches_finite_differences(int[] shape)
    {
        int c = shape[1];
        GradCheck.Check(x => Functional.BatchNorm(x[0], x[1], x[2], null, null, training: true),
            [R(1, shape) * 2f + 0.5f, R(2, c) + 1.5f, R(3, c)], eps: 1e-2f, name: "batch norm train affine");
        GradCheck.Check(x => Functional.BatchNorm(x[0], null, null, null, null, training: true),
            [R(4, shape)], name: "batch norm train no affine");
    }

    [Fact]
    public void BatchNorm_eval_backward_matches_finite_differences()
    {
        var mean = R(5, 3);
        var variance = Tensor.Uniform(new Rng(6), 0.5f, 2f, 3);
        GradCheck.Check(x => Functional.BatchNorm(x[0], x[1], x[2], mean, variance, training: false),
            [R(1, 2, 3, 4, 4), R(2, 3) + 1f, R(3, 3)], name: "batch norm eval");
    }

    [Fact]
    public void InstanceNorm_backward_matches_finite_differences_with_and_without_affine()
    {
        GradCheck.Check(x => Functional.InstanceNorm2d(x[0]), [R(1, 2, 3, 5, 4) * 3f], name: "instance norm");
        GradCheck.Check(x => Functional.InstanceNorm2d(x[0], x[1], x[2]), [R(2, 2, 3, 3, 3), R(3, 3) + 1f, R(4, 3)], name: "instance norm affine");
    }

    [Fact]
    public void BatchNorm_training_normalizes_per_channel_and_updates_running_stats_with_the_unbiased_variance()
    {
        var x = R(7, 4, 2, 3, 3) * 3f + 1f;
        var rm = Tensor.Zeros(2);
        var rv = Tensor.Ones(2);
        var y = Functional.BatchNorm(x, null, null, rm, rv, training: true);
        for (int c = 0; c < 2; c++)
        {
            var vals = Enumerable.Range(0, 4).SelectMany(n => x.Data.Skip((n * 2 + c) * 9).Take(9)).Select(v => (double)v).ToArray();
            var outs = Enumerable.Range(0, 4).SelectMany(n => y.Data.Skip((n * 2 + c) * 9).Take(9)).ToArray();
            double mean = vals.Average();
            double unbiased = vals.Sum(v => (v - mean) * (v - mean)) / (vals.Length - 1);
            Assert.Equal(0.0, outs.Average(), 5);
            Assert.Equal(0.1 * mean, rm.Data[c], 5);
            Assert.Equal(0.9 + 0.1 * unbiased, rv.Data[c], 5);
        }
    }

    [Fact]
    public void BatchNorm_with_a_single_value_per_channel_in_training_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros(1, 3, 1, 1), null, null, null, null, training: true));
        Assert.Contains("more than one value", ex.Message);
        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros(2, 3, 2, 2), Tensor.Ones(4), null, null, null, true));
        Assert.Throws<ArgumentException>(() => Functional.InstanceNorm2d(Tensor.Zeros(2, 3, 4)));
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class ShapeOpsGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    [Fact]
    public void Sum_and_mean_backward_match_finite_differences_over_all_and_each_dim()
    {
        GradCheck.Check(x => x[0].Sum(), [R(1, 2, 3, 4)], name: "sum");
        GradCheck.Check(x => x[0].Mean(), [R(2, 2, 3, 4)], name: "mean");
        for (int d = 0; d < 3; d++)
        {
            int dim = d;
            GradCheck.Check(x => x[0].Sum(dim), [R(3 + d, 2, 3, 5)], name: $"sum dim {d}");
            GradCheck.Check(x => x[0].Mean(dim, keepDim: true), [R(6 + d, 2, 3, 5)], name: $"mean dim {d}");
        }
    }

    [Fact]
    public void Sum_over_a_dimension_gives_the_expected_values_and_shape()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var s = x.Sum(1);
        Assert.Equal([2], s.ShapeArray());
        Assert.Equal([6f, 15f], s.Data);
        var m = x.Mean(0, keepDim: true);
        Assert.Equal([1, 3], m.ShapeArray());
        Assert.Equal([2.5f, 3.5f, 4.5f], m.Data);
        Assert.Equal(21f, x.Sum().Item());
    }

    [Fact]
    public void Reshape_and_permute_backward_match_finite_differences()
    {
        GradCheck.Check(x => x[0].Reshape(4, -1) * Tensor.Uniform(new Rng(9), -1, 1, 4, 6), [R(1, 2, 3, 4)], name: "reshape");
        GradCheck.Check(x => x[0].Permute(0, 2, 3, 1), [R(2, 2, 3, 4, 5)], name: "permute");
    }

    [Fact]
    public void Permute_moves_elements_to_the_permuted_positions()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 2, 3);
        var y = x.Permute(1, 0);
        Assert.Equal([3, 2], y.ShapeArray());
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], y.Data);
    }

    [Fact]
    public void Concat_slice_and_split_backward_match_finite_differences()
    {
        GradCheck.Check(x => Functional.Concat(x[0], x[1]), [R(1, 2, 3, 4, 5), R(2, 2, 2, 4, 5)], name: "concat dim 1");
        GradCheck.Check(x => Functional.Concat([x[0], x[1], x[2]], 0), [R(3, 1, 3), R(4, 2, 3), R(5, 1, 3)], name: "concat dim 0");
        GradCheck.Check(x => Functional.Slice(x[0], 1, 1, 2), [R(6, 2, 4, 3, 3)], name: "slice");
        GradCheck.Check(x => Functional.Split(x[0], 1, 2, 3)[1] * 2f, [R(7, 2, 5, 2, 2)], name: "split");
    }

    [Fact]
    public void Concat_then_split_returns_the_original_tensors()
    {
        var a = R(1, 2, 3, 4, 4);
        var b = R(2, 2, 5, 4, 4);
        var parts = Functional.Split(Functional.Concat(a, b), 1, 3, 5);
        Assert.Equal(a.Data, parts[0].Data);
        Assert.Equal(b.Data, parts[1].Data);
    }

    [Fact]
    public void Bad_shape_arguments_throw_clear_argument_exceptions()
    {
        var x = Tensor.Zeros(2, 3, 4);
        Assert.Contains("cannot hold", Assert.Throws<ArgumentException>(() => x.Reshape(5, 5)).Message);
        Assert.Contains("permutation", Assert.Throws<ArgumentException>(() => x.Permute(0, 0, 1)).Message);
        Assert.Contains("other dimension", Assert.Throws<ArgumentException>(() => Functional.Concat(x, Tensor.Zeros(2, 3, 5))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Slice(x, 1, 2, 2));
        Assert.Throws<ArgumentException>(() => Functional.Split(x, 1, 1, 1));
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1)).Message);
        Assert.Throws<InvalidOperationException>(() => x.Item());
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class OtherOpsGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 1, 2, 0)]
    public void ReflectionPad2d_backward_matches_finite_differences(int left, int right, int top, int bottom)
    {
        GradCheck.Check(x => Functional.ReflectionPad2d(x[0], left, right, top, bottom), [R(1, 2, 2, 4, 5)], name: "reflection pad");
    }

    [Fact]
    public void ReflectionPad2d_mirrors_without_repeating_the_edge()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 1, 1, 3);
        var y = Functional.ReflectionPad2d(x, 2, 2, 0, 0);
        Assert.Equal([3f, 2f, 1f, 2f, 3f, 2f, 1f], y.Data);
        Assert.Throws<ArgumentException>(() => Functional.ReflectionPad2d(x, 3, 0, 0, 0));
    }

    [Fact]
    public void Linear_backward_matches_finite_differences()
    {
        GradCheck.Check(x => Functional.Linear(x[0], x[1], x[2]), [R(1, 3, 5), R(2, 4, 5), R(3, 4)], name: "linear");
        GradCheck.Check(x => Functional.Linear(x[0], x[1], null), [R(4, 2, 3, 5), R(5, 2, 5)], name: "linear 3-d no bias");
        Assert.Throws<ArgumentException>(() => Functional.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), null));
    }

    [Theory]
    [InlineData(2, 2, 0, true)]
    [InlineData(3, 2, 1, true)]
    [InlineData(3, 2, 1, false)]
    [InlineData(3, 1, 0, true)]
    public void AvgPool2d_backward_matches_finite_differences(int kernel, int stride, int pad, bool countIncludePad)
    {
        GradCheck.Check(x => Functional.AvgPool2d(x[0], kernel, stride, pad, countIncludePad), [R(1, 2, 2, 7, 6)], name: "avg pool");
    }

    [Fact]
    public void AvgPool2d_excluding_padding_divides_by_the_real_pixels()
    {
        var x = Tensor.Ones(1, 1, 4, 4);
        var y = Functional.AvgPool2d(x, 3, 2, 1, countIncludePad: false);
        Assert.All(y.Data, v => Assert.Equal(1f, v, 6));
        var z = Functional.AvgPool2d(x, 3, 2, 1, countIncludePad: true);
        Assert.Equal(4f / 9f, z.Data[0], 6);
    }

    [Fact]
    public void Dropout_backward_matches_finite_differences_with_a_fixed_seed()
    {
        GradCheck.Check(x => Functional.Dropout(x[0], 0.5f, new Rng(3)), [R(1, 2, 3, 4, 4)], name: "dropout");
    }

    [Fact]
    public void Dropout_zeroes_about_p_and_scales_the_rest_and_is_identity_when_inactive()
    {
        var x = Tensor.Ones(10000);
        var y = Functional.Dropout(x, 0.5f, new Rng(1));
        int zeros = y.Data.Count(v => v == 0f);
        Assert.InRange(zeros, 4700, 5300);
        Assert.All(y.Data, v => Assert.True(v == 0f || v == 2f));
        Assert.Same(x, Functional.Dropout(x, 0.5f, new Rng(1), active: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(x, 1.5f, new Rng(1)));
    }

    [Fact]
    public void Losses_backward_match_finite_differences_for_input_and_target()
    {
        var logits = R(1, 2, 1, 3, 3) * 4f;
        var target = Tensor.Uniform(new Rng(2), 0f, 1f, 2, 1, 3, 3);
        GradCheck.Check(x => Functional.BceWithLogits(x[0], x[1]), [logits, target], name: "bce with logits");
        GradCheck.Check(x => Functional.MseLoss(x[0], x[1]), [R(3, 2, 5), R(4, 2, 5)], name: "mse");
        var a = GradCheck.AwayFromZero(new Rng(5), 0.1f, 2, 5);
        GradCheck.Check(x => Functional.L1Loss(x[0], x[1]), [a, Tensor.Zeros(2, 5)], eps: 1e-3f, name: "l1");
    }

    [Fact]
    public void BceWithLogits_is_finite_and_exact_for_huge_logits()
    {
        var loss = Functional.BceWithLogits(Tensor.FromArray([100f, -100f], 2), Tensor.FromArray([0f, 1f], 2));
        Assert.Equal(100f, loss.Item(), 4);
        var easy = Functional.BceWithLogits(Tensor.FromArray([100f, -100f], 2), Tensor.FromArray([1f, 0f], 2));
        Assert.Equal(0f, easy.Item(), 6);
        Assert.Equal(MathF.Log(2f), Functional.BceWithLogits(Tensor.Zeros(3), 1f).Item(), 6);
    }

    [Fact]
    public void Loss_with_mismatched_shapes_throws_naming_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Functional.L1Loss(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
    }
}

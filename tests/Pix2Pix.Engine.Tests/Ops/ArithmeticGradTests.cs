using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class ArithmeticGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 1, 3, 1, 1 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 3, 1, 1 })]
    [InlineData(new[] { 1, 3, 1, 1 }, new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new int[0])]
    [InlineData(new[] { 3 }, new[] { 2, 3 })]
    public void Add_sub_mul_backward_match_finite_differences_with_broadcasting(int[] a, int[] b)
    {
        GradCheck.Check(x => x[0] + x[1], [R(1, a), R(2, b)], name: "add");
        GradCheck.Check(x => x[0] - x[1], [R(3, a), R(4, b)], name: "sub");
        GradCheck.Check(x => x[0] * x[1], [R(5, a), R(6, b)], name: "mul");
    }

    [Fact]
    public void Broadcast_add_of_a_per_channel_bias_adds_the_channel_value_everywhere()
    {
        var x = Tensor.Zeros(2, 3, 2, 2);
        var b = Tensor.FromArray([1f, 2f, 3f], 1, 3, 1, 1);
        var y = x + b;
        Assert.Equal([2, 3, 2, 2], y.ShapeArray());
        Assert.Equal(3f, y.Data[(1 * 3 + 2) * 4 + 3]);
        Assert.Equal(2f, y.Data[(0 * 3 + 1) * 4 + 0]);
    }

    [Fact]
    public void Scalar_affine_and_negation_match_finite_differences()
    {
        GradCheck.Check(x => x[0] * 2.5f + 1f, [R(7, 3, 5)], name: "affine");
        GradCheck.Check(x => -x[0], [R(8, 4)], name: "neg");
        GradCheck.Check(x => 0.5f * x[0] - 3f, [R(9, 2, 2)], name: "scale-sub");
    }

    [Fact]
    public void Incompatible_shapes_throw_an_argument_exception_naming_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }
}

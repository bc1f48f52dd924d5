using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class BceLossTests
{
    [Fact]
    public void BceLoss_gradients_match_finite_differences()
    {
        var p = Tensor.Uniform(new Rng(1), 0.1f, 0.9f, 2, 5);
        var t = Tensor.Uniform(new Rng(2), 0f, 1f, 2, 5);
        GradCheck.Check(x => Functional.BceLoss(x[0], x[1]), [p, t], eps: 1e-3f, name: "bce");
    }

    [Fact]
    public void BceLoss_of_sigmoid_equals_bce_with_logits()
    {
        var logits = Tensor.FromArray([-3f, -0.5f, 0f, 0.7f, 4f], 5);
        var target = Tensor.FromArray([1f, 0f, 1f, 0f, 1f], 5);
        float viaProbabilities = Functional.BceLoss(Functional.Sigmoid(logits), target).Item();
        Assert.Equal(Functional.BceWithLogits(logits, target).Item(), viaProbabilities, 5);
    }

    [Fact]
    public void BceLoss_clamps_the_log_at_minus_100_as_pytorch()
    {
        Assert.Equal(100f, Functional.BceLoss(Tensor.FromArray([0f], 1), 1f).Item(), 4);
        Assert.Equal(100f, Functional.BceLoss(Tensor.FromArray([1f], 1), 0f).Item(), 4);
        Assert.Equal(0f, Functional.BceLoss(Tensor.FromArray([1f, 0f], 2), Tensor.FromArray([1f, 0f], 2)).Item(), 6);
    }

    [Fact]
    public void Flatten_and_Unflatten_round_trip_and_check_shapes()
    {
        var x = Tensor.Uniform(new Rng(3), -1f, 1f, 2, 3, 4, 5);
        var flat = new Flatten().Forward(x);
        Assert.Equal([2, 60], flat.ShapeArray());
        var back = new Unflatten(3, 4, 5).Forward(flat);
        Assert.Equal(x.Data, back.Data);
        var ex = Assert.Throws<ArgumentException>(() => new Unflatten(256, 7, 7).Forward(flat));
        Assert.Contains("[N, 12544]", ex.Message);
    }
}

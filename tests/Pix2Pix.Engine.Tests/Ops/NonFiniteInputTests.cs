namespace Pix2Pix.Engine.Tests.Ops;

/// <summary>A diverged step feeds NaN and Inf through every op: they must propagate, never throw (issue 15).</summary>
public class NonFiniteInputTests
{
    private static Tensor WithNonFinite(params int[] shape)
    {
        var x = Tensor.Uniform(new Rng(5), -1f, 1f, shape);
        x.Data[0] = float.NaN;
        x.Data[1] = float.PositiveInfinity;
        x.Data[2] = float.NegativeInfinity;
        x.RequiresGrad = true;
        return x;
    }

    public static TheoryData<string> Ops => ["l1", "mse", "bce", "bce_logits", "conv", "conv_transpose", "batch_norm", "instance_norm", "leaky_relu", "tanh", "sigmoid", "mean"];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Forward_and_backward_accept_NaN_and_infinite_inputs(string op)
    {
        var x = WithNonFinite(2, 3, 4, 4);
        var target = Tensor.Uniform(new Rng(6), 0f, 1f, 2, 3, 4, 4);
        Tensor loss = op switch
        {
            "l1" => Functional.L1Loss(x, target),
            "mse" => Functional.MseLoss(x, target),
            "bce" => Functional.BceLoss(Functional.Sigmoid(x), target),
            "bce_logits" => Functional.BceWithLogits(x, target),
            "conv" => Functional.Mean(Functional.Conv2d(x, Tensor.Uniform(new Rng(7), -1f, 1f, 2, 3, 3, 3), null, 1, 1)),
            "conv_transpose" => Functional.Mean(Functional.ConvTranspose2d(x, Tensor.Uniform(new Rng(7), -1f, 1f, 3, 2, 4, 4), null, 2, 1)),
            "batch_norm" => Functional.Mean(Functional.BatchNorm(x, Tensor.Ones(3), Tensor.Zeros(3), Tensor.Zeros(3), Tensor.Ones(3), training: true)),
            "instance_norm" => Functional.Mean(Functional.InstanceNorm2d(x)),
            "leaky_relu" => Functional.Mean(Functional.LeakyRelu(x, 0.2f)),
            "tanh" => Functional.Mean(Functional.Tanh(x)),
            "sigmoid" => Functional.Mean(Functional.Sigmoid(x)),
            _ => Functional.Mean(x),
        };
        loss.Backward();
        Assert.False(float.IsFinite(loss.Item()), $"{op}: a NaN input should give a non-finite loss, got {loss.Item()}");
        Assert.NotNull(x.Grad);
    }

    [Fact]
    public void L1_backward_of_a_NaN_difference_is_NaN_like_torch_sign()
    {
        var x = Tensor.FromArray([float.NaN, 2f, -1f, 0.5f], 4);
        x.RequiresGrad = true;
        var loss = Functional.L1Loss(x, Tensor.FromArray([0f, 1f, 0f, 0.5f], 4));
        loss.Backward();
        Assert.True(float.IsNaN(x.Grad![0]));
        Assert.Equal([0.25f, -0.25f, 0f], x.Grad[1..]);
    }
}

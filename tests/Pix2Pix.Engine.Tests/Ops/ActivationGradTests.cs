using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class ActivationGradTests
{
    private static Tensor Input(int seed, params int[] shape) => GradCheck.AwayFromZero(new Rng((ulong)seed), 0.05f, shape) * 3f;

    [Theory]
    [InlineData(1, 3, 5, 7)]
    [InlineData(2, 2, 1, 1)]
    public void Activations_backward_match_finite_differences(int n, int c, int h, int w)
    {
        GradCheck.Check(x => Functional.Relu(x[0]), [Input(1, n, c, h, w).Detach()], eps: 1e-3f, name: "relu");
        GradCheck.Check(x => Functional.LeakyRelu(x[0], 0.2f), [Input(2, n, c, h, w).Detach()], eps: 1e-3f, name: "leaky_relu");
        GradCheck.Check(x => Functional.Tanh(x[0]), [Input(3, n, c, h, w).Detach()], eps: 1e-3f, name: "tanh");
        GradCheck.Check(x => Functional.Sigmoid(x[0]), [Input(4, n, c, h, w).Detach()], eps: 1e-3f, name: "sigmoid");
    }

    [Fact]
    public void Activations_compute_the_expected_values()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 0.5f, 3f], 5);
        Assert.Equal([0f, 0f, 0f, 0.5f, 3f], Functional.Relu(x).Data);
        Assert.Equal([-0.4f, -0.1f, 0f, 0.5f, 3f], Functional.LeakyRelu(x, 0.2f).Data);
        Assert.Equal(MathF.Tanh(-0.5f), Functional.Tanh(x).Data[1]);
        Assert.Equal(1f / (1f + MathF.Exp(-3f)), Functional.Sigmoid(x).Data[4], 6);
    }

    [Fact]
    public void Sigmoid_does_not_overflow_for_huge_logits()
    {
        var y = Functional.Sigmoid(Tensor.FromArray([-1000f, 1000f], 2));
        Assert.Equal([0f, 1f], y.Data);
    }
}

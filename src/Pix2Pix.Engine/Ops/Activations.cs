using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>ReLU, LeakyReLU, Tanh, Sigmoid: forward and backward.</summary>
public static partial class Functional
{
    public static Tensor Relu(Tensor x) => LeakyRelu(x, 0f);

    /// <summary>max(x, 0) + slope·min(x, 0); the reference uses slope 0.2.</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ZerosLike(x);
        Elementwise.LeakyRelu(x.Data, negativeSlope, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new LeakyReluNode(x, negativeSlope)) : y;
    }

    public static Tensor Tanh(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ZerosLike(x);
        Elementwise.Tanh(x.Data, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new TanhNode(x, y.Data)) : y;
    }

    public static Tensor Sigmoid(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ZerosLike(x);
        Elementwise.Sigmoid(x.Data, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new SigmoidNode(x, y.Data)) : y;
    }

    private sealed class LeakyReluNode(Tensor x, float slope) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Elementwise.LeakyReluBackward(Inputs[0].Data, gradOutput, slope, GradOf(0)!);
    }

    private sealed class TanhNode(Tensor x, float[] y) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Elementwise.TanhBackward(y, gradOutput, GradOf(0)!);
    }

    private sealed class SigmoidNode(Tensor x, float[] y) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Elementwise.SigmoidBackward(y, gradOutput, GradOf(0)!);
    }
}

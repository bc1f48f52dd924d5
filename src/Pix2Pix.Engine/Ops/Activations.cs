using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>ReLU, LeakyReLU, Tanh, Sigmoid: forward and backward.</summary>
internal static partial class Functional
{
    public static Tensor Relu(Tensor x) => LeakyRelu(x, 0f);

    /// <summary>max(x, 0) + slope·min(x, 0); the reference uses slope 0.2.</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ForOpLike(x, zeroed: false);
        Pointwise.Run(x.Count, (s, n) => Elementwise.LeakyRelu(x.Data.AsSpan(s, n), negativeSlope, y.Data.AsSpan(s, n)));
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new LeakyReluNode(x, negativeSlope)) : y;
    }

    public static Tensor Tanh(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ForOpLike(x, zeroed: false);
        Pointwise.Run(x.Count, (s, n) => Elementwise.Tanh(x.Data.AsSpan(s, n), y.Data.AsSpan(s, n)));
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new TanhNode(x, y.Data)) : y;
    }

    public static Tensor Sigmoid(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ForOpLike(x, zeroed: false);
        Pointwise.Run(x.Count, (s, n) => Elementwise.Sigmoid(x.Data.AsSpan(s, n), y.Data.AsSpan(s, n)));
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new SigmoidNode(x, y.Data)) : y;
    }

    private sealed class LeakyReluNode(Tensor x, float slope) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            float[] x = Inputs[0].Data, dx = GradOf(0)!;
            Pointwise.Run(x.Length, (s, n) => Elementwise.LeakyReluBackward(x.AsSpan(s, n), gradOutput.AsSpan(s, n), slope, dx.AsSpan(s, n)));
        }

        // g·(1 or slope): the mask is a constant (the second derivative is zero wherever it exists).
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            float[] x = Inputs[0].Data;
            var mask = Tensor.ForOpLike(Inputs[0], zeroed: false);
            float[] m = mask.Data;
            Pointwise.Run(x.Length, (s, n) =>
            {
                for (int i = s; i < s + n; i++)
                    m[i] = x[i] > 0f ? 1f : slope;   // the fast rule's test (ElementwiseReference.LeakyReluBackward)
            });
            return [Mul(gradOutput, mask)];
        }
    }

    private sealed class TanhNode(Tensor x, float[] y) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var dx = GradOf(0)!;
            Pointwise.Run(y.Length, (s, n) => Elementwise.TanhBackward(y.AsSpan(s, n), gradOutput.AsSpan(s, n), dx.AsSpan(s, n)));
        }

        // g·(1 − tanh²x), with tanh recomputed so that it carries the graph.
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [Mul(gradOutput, Affine(Square(Tanh(Inputs[0])), -1f, 1f))];
    }

    private sealed class SigmoidNode(Tensor x, float[] y) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var dx = GradOf(0)!;
            Pointwise.Run(y.Length, (s, n) => Elementwise.SigmoidBackward(y.AsSpan(s, n), gradOutput.AsSpan(s, n), dx.AsSpan(s, n)));
        }

        // g·σ(x)·(1 − σ(x)), with σ recomputed so that it carries the graph.
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            var s = Sigmoid(Inputs[0]);
            return [Mul(gradOutput, Mul(s, Affine(s, -1f, 1f)))];
        }
    }
}

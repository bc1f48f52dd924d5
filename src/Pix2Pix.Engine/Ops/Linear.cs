using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Fully connected layer y = x·Wᵀ + b: forward and backward.</summary>
public static partial class Functional
{
    /// <summary>x [..., in], weight [out, in], optional bias [out] → [..., out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear expects a weight [out, in] but got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        int outF = weight.Dim(0), inF = weight.Dim(1);
        if (x.Rank < 1 || x.Dim(-1) != inF)
            throw new ArgumentException($"Linear: the input's last dimension must be {inF} (in_features) but the input is {Tensor.ShapeString(x.Shape)}.", nameof(x));
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != outF))
            throw new ArgumentException($"Linear: the bias must be [{outF}] but got {Tensor.ShapeString(bias.Shape)}.", nameof(bias));
        int rows = x.Count / Math.Max(inF, 1);
        var shape = x.ShapeArray();
        shape[^1] = outF;
        var y = Tensor.ForOp(false, shape);
        Gemm.Multiply(false, true, rows, outF, inF, x.Data, inF, weight.Data, inF, y.Data, outF, accumulate: false);
        if (bias is not null)
            for (int r = 0; r < rows; r++)
                Elementwise.AddScaled(bias.Data, 1f, y.Data.AsSpan(r * outF, outF));
        return Autograd.ShouldRecord([x, weight, bias]) ? Autograd.Attach(y, new LinearNode(x, weight, bias, rows)) : y;
    }

    private sealed class LinearNode(Tensor x, Tensor weight, Tensor? bias, int rows)
        : Node(bias is null ? [x, weight] : [x, weight, bias])
    {
        public override void Backward(float[] gradOutput)
        {
            int outF = weight.Dim(0), inF = weight.Dim(1);
            var gx = GradOf(0);
            if (gx is not null)
                Gemm.Multiply(false, false, rows, inF, outF, gradOutput, outF, weight.Data, inF, gx, inF, accumulate: true);
            var gw = GradOf(1);
            if (gw is not null)
                Gemm.Multiply(true, false, outF, inF, rows, gradOutput, outF, x.Data, inF, gw, inF, accumulate: true);
            var gb = bias is null ? null : GradOf(2);
            if (gb is not null)
                for (int r = 0; r < rows; r++)
                    Elementwise.AddScaled(gradOutput.AsSpan(r * outF, outF), 1f, gb);
        }
    }
}

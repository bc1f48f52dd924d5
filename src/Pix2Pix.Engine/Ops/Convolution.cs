using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>2-D convolution and transposed convolution (square kernels, zero padding): forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>
    /// Convolution: input [N, Cin, H, W], weight [Cout, Cin, k, k], optional bias [Cout] → [N, Cout, OH, OW]
    /// with OH = (H + 2·padding − k) / stride + 1.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckConvArgs("Conv2d", input, weight, bias, weight.Rank == 4 ? weight.Dim(1) : -1, weight.Rank == 4 ? weight.Dim(0) : -1, "[Cout, Cin, kH, kW]");
        var g = new Conv2dGeometry(input.Dim(0), input.Dim(1), input.Dim(2), input.Dim(3),
            weight.Dim(0), weight.Dim(2), weight.Dim(3), stride, stride, padding, padding);
        g.Validate();
        var y = Tensor.ForOp(false, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        Conv2dKernels.Forward(input.Data, weight.Data, bias is null ? default : bias.Data, y.Data, g);
        return Autograd.ShouldRecord([input, weight, bias]) ? Autograd.Attach(y, new Conv2dNode(input, weight, bias, g)) : y;
    }

    /// <summary>
    /// Transposed convolution: input [N, Cin, H, W], weight [Cin, Cout, k, k] (PyTorch layout), optional bias [Cout]
    /// → [N, Cout, OH, OW] with OH = (H − 1)·stride − 2·padding + k + outputPadding.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, int outputPadding = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckConvArgs("ConvTranspose2d", input, weight, bias, weight.Rank == 4 ? weight.Dim(0) : -1, weight.Rank == 4 ? weight.Dim(1) : -1, "[Cin, Cout, kH, kW]");
        if (outputPadding < 0 || (outputPadding >= stride && outputPadding > 0))
            throw new ArgumentException($"ConvTranspose2d: output padding {outputPadding} must be 0 or more and smaller than the stride {stride} (as in PyTorch).", nameof(outputPadding));
        if (stride < 1 || padding < 0)
            throw new ArgumentException($"ConvTranspose2d: stride {stride} must be 1 or more and padding {padding} 0 or more.", nameof(stride));
        var g = new ConvTranspose2dGeometry(input.Dim(0), input.Dim(1), input.Dim(2), input.Dim(3),
            weight.Dim(1), weight.Dim(2), weight.Dim(3), stride, stride, padding, padding, outputPadding, outputPadding);
        if (g.OutHeight < 1 || g.OutWidth < 1)
            throw new ArgumentException($"ConvTranspose2d: input {Tensor.ShapeString(input.Shape)} with kernel {g.KernelH}, stride {stride}, padding {padding} gives an empty output; reduce the padding.", nameof(padding));
        var y = Tensor.ForOp(false, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        ConvTranspose2dKernels.Forward(input.Data, weight.Data, bias is null ? default : bias.Data, y.Data, g);
        return Autograd.ShouldRecord([input, weight, bias]) ? Autograd.Attach(y, new ConvTranspose2dNode(input, weight, bias, g)) : y;
    }

    private static void CheckConvArgs(string op, Tensor input, Tensor weight, Tensor? bias, int weightIn, int weightOut, string layout)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"{op} expects an input [N, C, H, W] (rank 4) but got {Tensor.ShapeString(input.Shape)}; add a batch dimension with Reshape(1, C, H, W).", nameof(input));
        if (weight.Rank != 4)
            throw new ArgumentException($"{op} expects a weight {layout} (rank 4) but got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        if (weightIn != input.Dim(1))
            throw new ArgumentException($"{op}: the input has {input.Dim(1)} channels but the weight {Tensor.ShapeString(weight.Shape)} ({layout}) expects {weightIn}; check the layer's in_channels.", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != weightOut))
            throw new ArgumentException($"{op}: the bias must be [{weightOut}] (one per output channel) but got {Tensor.ShapeString(bias.Shape)}.", nameof(bias));
    }

    private sealed class Conv2dNode(Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry g)
        : Node(bias is null ? [input, weight] : [input, weight, bias])
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0);
            if (gx is not null)
                Conv2dKernels.BackwardData(gradOutput, Inputs[1].Data, gx, g);
            var gw = GradToOverwrite(1, out bool overwrite);
            var gb = bias is null ? null : GradOf(2);
            if (gw is not null || gb is not null)
            {
                // The kernel computes both together; a frozen one gets a throwaway buffer.
                Conv2dKernels.BackwardWeight(gradOutput, Inputs[0].Data, gw ?? new float[Inputs[1].Count], gb ?? (bias is null ? default(Span<float>) : new float[bias.Count]), g, overwrite);
            }
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            ConvGradients(gradOutput, Inputs[0], Inputs[1], bias is not null, wanted, g);
    }

    /// <summary>The input, weight and bias gradients of the convolution <paramref name="g"/>, as differentiable ops.</summary>
    private static Tensor?[] ConvGradients(Tensor gradOutput, Tensor input, Tensor weight, bool hasBias, bool[] wanted, Conv2dGeometry g)
    {
        var gx = wanted[0] ? ConvDataGrad(gradOutput, weight, g) : null;
        var gw = wanted[1] ? ConvWeightGrad(gradOutput, input, g) : null;
        if (!hasBias)
            return [gx, gw];
        return [gx, gw, wanted[2] ? Sum(Sum(Sum(gradOutput, 3), 2), 0) : null];
    }

    /// <summary>The convolution <paramref name="g"/> of x by w without bias, as an op (x's shape must be g's input).</summary>
    private static Tensor ConvWith(Tensor x, Tensor w, Conv2dGeometry g)
    {
        var y = Tensor.ForOp(false, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        Conv2dKernels.Forward(x.Data, w.Data, default, y.Data, g);
        return Autograd.ShouldRecord(x, w) ? Autograd.Attach(y, new Conv2dNode(x, w, null, g)) : y;
    }

    /// <summary>
    /// The data-gradient of convolution <paramref name="g"/> for <paramref name="gradOutput"/> (a transposed convolution),
    /// as an op: bilinear in (gradOutput, w), so its own gradients are a convolution and a weight-gradient.
    /// </summary>
    private static Tensor ConvDataGrad(Tensor gradOutput, Tensor w, Conv2dGeometry g)
    {
        var y = Tensor.ForOp(true, g.Batch, g.InChannels, g.InHeight, g.InWidth);
        Conv2dKernels.BackwardData(gradOutput.Data, w.Data, y.Data, g);
        return Autograd.ShouldRecord(gradOutput, w) ? Autograd.Attach(y, new ConvDataGradNode(gradOutput, w, g)) : y;
    }

    /// <summary>The weight-gradient of convolution <paramref name="g"/> (gradOutput against input), as an op.</summary>
    private static Tensor ConvWeightGrad(Tensor gradOutput, Tensor input, Conv2dGeometry g)
    {
        var y = Tensor.ForOp(true, g.OutChannels, g.InChannels, g.KernelH, g.KernelW);
        Conv2dKernels.BackwardWeight(gradOutput.Data, input.Data, y.Data, default, g);
        return Autograd.ShouldRecord(gradOutput, input) ? Autograd.Attach(y, new ConvWeightGradNode(gradOutput, input, g)) : y;
    }

    /// <summary>dst += conv(x, w) (no bias) through a temporary buffer: Conv2dKernels.Forward overwrites.</summary>
    private static void AddConv(float[] x, float[] w, float[] dst, Conv2dGeometry g)
    {
        var tmp = new float[dst.Length];
        Conv2dKernels.Forward(x, w, default, tmp, g);
        Elementwise.AddScaled(tmp, 1f, dst);
    }

    // y = BD(gy, w): ⟨h, BD(gy, w)⟩ = ⟨conv(h, w), gy⟩, so d/dgy = conv(h, w) and d/dw = BW(gy, h).
    private sealed class ConvDataGradNode(Tensor gy, Tensor w, Conv2dGeometry g) : Node(gy, w)
    {
        public override void Backward(float[] gradOutput)
        {
            var dgy = GradOf(0);
            if (dgy is not null)
                AddConv(gradOutput, Inputs[1].Data, dgy, g);
            var dw = GradOf(1);
            if (dw is not null)
                Conv2dKernels.BackwardWeight(Inputs[0].Data, gradOutput, dw, default, g);
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [wanted[0] ? ConvWith(gradOutput, Inputs[1], g) : null, wanted[1] ? ConvWeightGrad(Inputs[0], gradOutput, g) : null];
    }

    // y = BW(gy, x): ⟨h, BW(gy, x)⟩ = ⟨conv(x, h), gy⟩, so d/dgy = conv(x, h) and d/dx = BD(gy, h).
    private sealed class ConvWeightGradNode(Tensor gy, Tensor x, Conv2dGeometry g) : Node(gy, x)
    {
        public override void Backward(float[] gradOutput)
        {
            var dgy = GradOf(0);
            if (dgy is not null)
                AddConv(Inputs[1].Data, gradOutput, dgy, g);
            var dx = GradOf(1);
            if (dx is not null)
                Conv2dKernels.BackwardData(Inputs[0].Data, gradOutput, dx, g);
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [wanted[0] ? ConvWith(Inputs[1], gradOutput, g) : null, wanted[1] ? ConvDataGrad(Inputs[0], gradOutput, g) : null];
    }

    private sealed class ConvTranspose2dNode(Tensor input, Tensor weight, Tensor? bias, ConvTranspose2dGeometry g)
        : Node(bias is null ? [input, weight] : [input, weight, bias])
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0);
            if (gx is not null)
                ConvTranspose2dKernels.BackwardData(gradOutput, Inputs[1].Data, gx, g);
            var gw = GradToOverwrite(1, out bool overwrite);
            var gb = bias is null ? null : GradOf(2);
            if (gw is not null || gb is not null)
                ConvTranspose2dKernels.BackwardWeight(gradOutput, Inputs[0].Data, gw ?? new float[Inputs[1].Count], gb ?? (bias is null ? default(Span<float>) : new float[bias.Count]), g, overwrite);
        }

        // The transposed convolution is the data-gradient of the convolution c (output space → input space):
        // gx = conv_c(gy, w), gw = BW_c(x, gy), gb = Σ gy over batch and plane.
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            var c = g.AsConvolution();
            var gx = wanted[0] ? ConvWith(gradOutput, Inputs[1], c) : null;
            var gw = wanted[1] ? ConvWeightGrad(Inputs[0], gradOutput, c) : null;
            if (bias is null)
                return [gx, gw];
            return [gx, gw, wanted[2] ? Sum(Sum(Sum(gradOutput, 3), 2), 0) : null];
        }
    }
}

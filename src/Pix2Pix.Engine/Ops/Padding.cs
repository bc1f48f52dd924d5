namespace Pix2Pix.Engine;

/// <summary>Reflection padding: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>Reflection padding of x [N, C, H, W] by <paramref name="padding"/> on every side (mirror without repeating the edge).</summary>
    public static Tensor ReflectionPad2d(Tensor x, int padding) => ReflectionPad2d(x, padding, padding, padding, padding);

    /// <summary>Reflection padding with (left, right, top, bottom) amounts, PyTorch's order.</summary>
    public static Tensor ReflectionPad2d(Tensor x, int left, int right, int top, int bottom)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 4)
            throw new ArgumentException($"ReflectionPad2d expects [N, C, H, W] but got {Tensor.ShapeString(x.Shape)}.", nameof(x));
        int h = x.Dim(2), w = x.Dim(3);
        if (left < 0 || right < 0 || top < 0 || bottom < 0 || left >= w || right >= w || top >= h || bottom >= h)
            throw new ArgumentException($"ReflectionPad2d: padding ({left}, {right}, {top}, {bottom}) must be 0 or more and smaller than the input size {h}×{w} in that dimension.", nameof(left));
        var pad = new Kernels.ReflectionPadGeometry(x.Dim(0) * x.Dim(1), h, w, left, right, top, bottom);
        var y = Tensor.ForOp(true, x.Dim(0), x.Dim(1), pad.OutH, pad.OutW);
        Kernels.ReflectionPad.Forward(x.Data, y.Data, pad);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReflectionPadNode(x, pad)) : y;
    }

    private sealed class ReflectionPadNode(Tensor x, Kernels.ReflectionPadGeometry pad) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Kernels.ReflectionPad.BackwardAccumulate(gradOutput, GradOf(0)!, pad);
    }
}

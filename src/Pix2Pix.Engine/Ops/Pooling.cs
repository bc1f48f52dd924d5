using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Average pooling: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>
    /// Average pooling of x [N, C, H, W] with a square window (floor mode). <paramref name="countIncludePad"/> as PyTorch:
    /// true divides by the window size including zero padding, false by the count of real pixels.
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int? stride = null, int padding = 0, bool countIncludePad = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        int s = stride ?? kernel;
        if (x.Rank != 4)
            throw new ArgumentException($"AvgPool2d expects [N, C, H, W] but got {Tensor.ShapeString(x.Shape)}.", nameof(x));
        if (kernel < 1 || s < 1 || padding < 0 || padding * 2 > kernel)
            throw new ArgumentException($"AvgPool2d: kernel {kernel} and stride {s} must be 1 or more, padding {padding} between 0 and half the kernel.", nameof(kernel));
        int h = x.Dim(2), w = x.Dim(3);
        if (h + 2 * padding < kernel || w + 2 * padding < kernel)
            throw new ArgumentException($"AvgPool2d: the padded input {h + 2 * padding}×{w + 2 * padding} is smaller than the window {kernel}; use a smaller kernel.", nameof(x));
        int planes = x.Dim(0) * x.Dim(1);
        var y = Tensor.ForOp(true, x.Dim(0), x.Dim(1), Pool.OutSize(h, kernel, s, padding), Pool.OutSize(w, kernel, s, padding));
        Pool.AvgPool2d(x.Data, planes, h, w, kernel, s, padding, countIncludePad, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new AvgPoolNode(x, planes, h, w, kernel, s, padding, countIncludePad)) : y;
    }

    private sealed class AvgPoolNode(Tensor x, int planes, int h, int w, int kernel, int stride, int padding, bool countIncludePad) : Node(x)
    {
        public override void Backward(float[] gradOutput) =>
            Pool.AvgPool2dBackward(gradOutput, planes, h, w, kernel, stride, padding, countIncludePad, GradOf(0)!);
    }
}

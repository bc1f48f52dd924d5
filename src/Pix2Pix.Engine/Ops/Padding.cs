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
        var pad = new PadGeometry(x.Dim(0) * x.Dim(1), h, w, left, right, top, bottom);
        var y = Tensor.ForOp(true, x.Dim(0), x.Dim(1), pad.OutH, pad.OutW);
        pad.Forward(x.Data, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReflectionPadNode(x, pad)) : y;
    }

    private readonly record struct PadGeometry(int Planes, int H, int W, int Left, int Right, int Top, int Bottom)
    {
        public int OutH => H + Top + Bottom;

        public int OutW => W + Left + Right;

        private static int Reflect(int i, int size) => i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;

        public void Forward(ReadOnlySpan<float> x, Span<float> y)
        {
            for (int p = 0; p < Planes; p++)
                for (int i = 0; i < OutH; i++)
                {
                    var src = x.Slice((p * H + Reflect(i - Top, H)) * W, W);
                    var dst = y.Slice((p * OutH + i) * OutW, OutW);
                    src.CopyTo(dst[Left..]);
                    for (int j = 0; j < Left; j++) dst[j] = src[Left - j];
                    for (int j = 0; j < Right; j++) dst[Left + W + j] = src[W - 2 - j];
                }
        }

        /// <summary>dx += the sum of the gradients of every output pixel that copied it.</summary>
        public void Backward(ReadOnlySpan<float> dy, Span<float> dx)
        {
            for (int p = 0; p < Planes; p++)
                for (int i = 0; i < OutH; i++)
                {
                    var dst = dx.Slice((p * H + Reflect(i - Top, H)) * W, W);
                    var src = dy.Slice((p * OutH + i) * OutW, OutW);
                    Kernels.Elementwise.AddScaled(src.Slice(Left, W), 1f, dst);
                    for (int j = 0; j < Left; j++) dst[Left - j] += src[j];
                    for (int j = 0; j < Right; j++) dst[W - 2 - j] += src[Left + W + j];
                }
        }
    }

    private sealed class ReflectionPadNode(Tensor x, PadGeometry pad) : Node(x)
    {
        public override void Backward(float[] gradOutput) => pad.Backward(gradOutput, GradOf(0)!);
    }
}

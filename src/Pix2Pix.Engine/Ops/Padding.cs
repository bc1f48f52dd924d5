namespace Pix2Pix.Engine;

/// <summary>Reflection padding: forward and backward.</summary>
public static partial class Functional
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
        int oh = h + top + bottom, ow = w + left + right, planes = x.Dim(0) * x.Dim(1);
        var y = Tensor.Zeros(x.Dim(0), x.Dim(1), oh, ow);
        var map = new int[y.Count]; // output element → input element
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < oh; i++)
            {
                int si = Reflect(i - top, h);
                for (int j = 0; j < ow; j++)
                {
                    int at = (p * oh + i) * ow + j;
                    map[at] = (p * h + si) * w + Reflect(j - left, w);
                    y.Data[at] = x.Data[map[at]];
                }
            }
        }
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new GatherNode(x, map)) : y;
    }

    private static int Reflect(int i, int size) => i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
}

namespace Pix2Pix.Engine.Kernels;

/// <summary>Average pooling over planes [planes, H, W] (planes = N·C), square window, zero padding, floor mode.</summary>
internal static class Pool
{
    public static int OutSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    public static void AvgPool2d(ReadOnlySpan<float> x, int planes, int height, int width, int kernel, int stride, int padding,
        bool countIncludePad, Span<float> y)
    {
        int oh = OutSize(height, kernel, stride, padding), ow = OutSize(width, kernel, stride, padding);
        if (x.Length != planes * height * width || y.Length != planes * oh * ow)
            throw new ArgumentException($"AvgPool2d kernel: spans of {x.Length} and {y.Length} do not match {planes}×{height}×{width} → {planes}×{oh}×{ow}.");
        for (int p = 0; p < planes; p++)
        {
            var plane = x.Slice(p * height * width, height * width);
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    var (h0, h1, w0, w1, divisor) = Window(i, j, height, width, kernel, stride, padding, countIncludePad);
                    float s = 0;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                            s += plane[h * width + w];
                    y[(p * oh + i) * ow + j] = s / divisor;
                }
            }
        }
    }

    /// <summary>dx += each output's gradient spread evenly over its window.</summary>
    public static void AvgPool2dBackward(ReadOnlySpan<float> dy, int planes, int height, int width, int kernel, int stride, int padding,
        bool countIncludePad, Span<float> dx)
    {
        int oh = OutSize(height, kernel, stride, padding), ow = OutSize(width, kernel, stride, padding);
        if (dx.Length != planes * height * width || dy.Length != planes * oh * ow)
            throw new ArgumentException($"AvgPool2d backward kernel: spans of {dy.Length} and {dx.Length} do not match {planes}×{oh}×{ow} → {planes}×{height}×{width}.");
        for (int p = 0; p < planes; p++)
        {
            var plane = dx.Slice(p * height * width, height * width);
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    var (h0, h1, w0, w1, divisor) = Window(i, j, height, width, kernel, stride, padding, countIncludePad);
                    float g = dy[(p * oh + i) * ow + j] / divisor;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                            plane[h * width + w] += g;
                }
            }
        }
    }

    private static (int H0, int H1, int W0, int W1, int Divisor) Window(int i, int j, int height, int width, int kernel, int stride, int padding, bool countIncludePad)
    {
        int hs = i * stride - padding, ws = j * stride - padding;
        int he = Math.Min(hs + kernel, height + padding), we = Math.Min(ws + kernel, width + padding);
        int padded = (he - hs) * (we - ws);
        int h0 = Math.Max(hs, 0), w0 = Math.Max(ws, 0), h1 = Math.Min(he, height), w1 = Math.Min(we, width);
        return (h0, h1, w0, w1, countIncludePad ? padded : (h1 - h0) * (w1 - w0));
    }
}

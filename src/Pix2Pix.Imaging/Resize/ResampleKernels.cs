namespace Pix2Pix.Imaging.Resize;

/// <summary>
/// Per-output-pixel filter weights for one axis, computed with Pillow's arithmetic (libImaging/Resample.c): the
/// output pixel centre (i + 0.5)·scale, a support widened by the scale when downscaling, weights normalised to sum
/// 1 and then rounded to fixed point with <see cref="PrecisionBits"/> fractional bits.
/// </summary>
internal sealed class ResampleKernels
{
    /// <summary>32 bits minus 8 for the result and 2 for overshoot of negative-lobe filters.</summary>
    public const int PrecisionBits = 32 - 8 - 2;

    private ResampleKernels(int size, int[] start, int[] count, int[] weights)
    {
        Size = size;
        Start = start;
        Count = count;
        Weights = weights;
    }

    /// <summary>Room for weights per output pixel (stride of <see cref="Weights"/>).</summary>
    public int Size { get; }

    /// <summary>First input index used by each output pixel.</summary>
    public int[] Start { get; }

    /// <summary>Number of input pixels used by each output pixel.</summary>
    public int[] Count { get; }

    /// <summary>Fixed-point weights, <see cref="Size"/> per output pixel.</summary>
    public int[] Weights { get; }

    public static ResampleKernels Create(int inSize, int outSize, ResizeFilter filter)
    {
        double support = Support(filter);
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        int size = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new int[outSize * size];
        var k = new double[size];
        double inverse = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale;
            int xmin = Math.Max(0, (int)(center - support + 0.5));
            int xmax = Math.Min(inSize, (int)(center + support + 0.5)) - xmin;
            double total = 0.0;
            for (int x = 0; x < xmax; x++)
            {
                double w = Evaluate(filter, (x + xmin - center + 0.5) * inverse);
                k[x] = w;
                total += w;
            }

            for (int x = 0; x < xmax; x++)
            {
                double normalised = total != 0.0 ? k[x] / total : k[x];
                weights[xx * size + x] = normalised < 0
                    ? (int)(-0.5 + normalised * (1 << PrecisionBits))
                    : (int)(0.5 + normalised * (1 << PrecisionBits));
            }

            start[xx] = xmin;
            count[xx] = Math.Max(0, xmax);
        }

        return new ResampleKernels(size, start, count, weights);
    }

    private static double Support(ResizeFilter filter) => filter switch
    {
        ResizeFilter.Bilinear => 1.0,
        ResizeFilter.Bicubic => 2.0,
        ResizeFilter.Lanczos => 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Only Bilinear, Bicubic and Lanczos use convolution kernels."),
    };

    private static double Evaluate(ResizeFilter filter, double x) => filter switch
    {
        ResizeFilter.Bilinear => Bilinear(x),
        ResizeFilter.Bicubic => Bicubic(x),
        _ => Lanczos(x),
    };

    private static double Bilinear(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0)
            return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    private static double Lanczos(double x) => x is >= -3.0 and < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;

    private static double Sinc(double x)
    {
        if (x == 0.0)
            return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }
}

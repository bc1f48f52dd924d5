namespace Pix2Pix.Gan.Evaluation;

/// <summary>
/// Image-quality measures between a generated image and its target, as reported by <c>pix2pix test</c>:
/// L1 on the network's [−1, 1] scale, PSNR and SSIM on 8-bit pixels (the saved PNGs).
/// </summary>
internal static class ImageMetrics
{
    /// <summary>Mean absolute difference of two equally long value arrays (the training L1, before λ).</summary>
    public static double MeanAbsoluteError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        EnsureSameLength(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += Math.Abs(a[i] - b[i]);
        return a.Length == 0 ? 0 : sum / a.Length;
    }

    /// <summary>Peak signal-to-noise ratio in dB of 8-bit pixels; +∞ for identical images.</summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        EnsureSameLength(a.Length, b.Length);
        if (a.Length == 0)
            throw new ArgumentException("PSNR needs at least one pixel.", nameof(a));
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        double mse = sum / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>
    /// Structural similarity (Wang et al. 2004) of two interleaved 8-bit images: an 11×11 Gaussian window with σ 1.5,
    /// K1 0.01, K2 0.03, L 255, computed over the positions where the window fits entirely (as the authors' MATLAB code),
    /// averaged over positions and channels. Images smaller than the window use a window cut to their size.
    /// </summary>
    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, int channels)
    {
        EnsureSameLength(a.Length, b.Length);
        if (width <= 0 || height <= 0 || channels <= 0 || (long)width * height * channels != a.Length)
            throw new ArgumentException($"SSIM: {width}x{height}x{channels} does not describe {a.Length} bytes.", nameof(width));
        int radius = Math.Min(5, (Math.Min(width, height) - 1) / 2);
        int size = 2 * radius + 1;
        var window = GaussianWindow(size, 1.5);
        const double C1 = 0.01 * 255 * 0.01 * 255;
        const double C2 = 0.03 * 255 * 0.03 * 255;
        double total = 0;
        long count = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y + size <= height; y++)
            {
                for (int x = 0; x + size <= width; x++)
                {
                    double ma = 0, mb = 0, aa = 0, bb = 0, ab = 0;
                    for (int wy = 0; wy < size; wy++)
                    {
                        int row = ((y + wy) * width + x) * channels + c;
                        for (int wx = 0; wx < size; wx++)
                        {
                            double w = window[wy * size + wx];
                            double va = a[row + wx * channels];
                            double vb = b[row + wx * channels];
                            ma += w * va;
                            mb += w * vb;
                            aa += w * va * va;
                            bb += w * vb * vb;
                            ab += w * va * vb;
                        }
                    }
                    double varA = aa - ma * ma, varB = bb - mb * mb, cov = ab - ma * mb;
                    total += (2 * ma * mb + C1) * (2 * cov + C2) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
                    count++;
                }
            }
        }
        return total / count;
    }

    private static double[] GaussianWindow(int size, double sigma)
    {
        var w = new double[size * size];
        int r = size / 2;
        double sum = 0;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double v = Math.Exp(-((x - r) * (x - r) + (y - r) * (y - r)) / (2 * sigma * sigma));
                w[y * size + x] = v;
                sum += v;
            }
        }
        for (int i = 0; i < w.Length; i++)
            w[i] /= sum;
        return w;
    }

    private static void EnsureSameLength(int a, int b)
    {
        if (a != b)
            throw new ArgumentException($"The two images differ in size ({a} vs {b} values); compare an output with the target of the same size.");
    }
}

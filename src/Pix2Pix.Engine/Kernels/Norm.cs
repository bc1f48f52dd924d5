namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Batch and instance normalization over data laid out as (outer, groups, inner): group g normalizes the
/// outer·inner elements at [o, g, i]. Batch norm: (N, C, H·W). Instance norm: (1, N·C, H·W). The optional
/// affine weight and bias have <c>length</c> dividing <c>groups</c>; group g uses entry g mod length.
/// Statistics are accumulated in double; variance is the biased one (divide by the count), as PyTorch normalizes.
/// </summary>
public static class Norm
{
    /// <summary>
    /// Normalizes with the statistics of the data itself; writes each group's mean and 1/√(var + eps)
    /// (<paramref name="mean"/>, <paramref name="invStd"/>, length groups) and its biased variance.
    /// </summary>
    public static void ForwardBatchStats(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int outer, int groups, int inner, float eps, Span<float> y, Span<float> mean, Span<float> invStd, Span<float> variance)
    {
        Check(x.Length, y.Length, weight.Length, bias.Length, outer, groups, inner);
        int m = outer * inner;
        for (int g = 0; g < groups; g++)
        {
            double s = 0;
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice((o * groups + g) * inner, inner);
                foreach (float v in row) s += v;
            }
            double mu = s / m;
            double ss = 0;
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice((o * groups + g) * inner, inner);
                foreach (float v in row) { double d = v - mu; ss += d * d; }
            }
            double var = ss / m;
            mean[g] = (float)mu;
            variance[g] = (float)var;
            invStd[g] = (float)(1.0 / Math.Sqrt(var + eps));
        }
        Normalize(x, weight, bias, outer, groups, inner, mean, invStd, y);
    }

    /// <summary>y = (x − mean[g])·invStd[g]·weight + bias, with given statistics (evaluation with running stats).</summary>
    public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int outer, int groups, int inner, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> y)
    {
        Check(x.Length, y.Length, weight.Length, bias.Length, outer, groups, inner);
        for (int o = 0; o < outer; o++)
        {
            for (int g = 0; g < groups; g++)
            {
                float scale = invStd[g] * (weight.IsEmpty ? 1f : weight[g % weight.Length]);
                float shift = (bias.IsEmpty ? 0f : bias[g % bias.Length]) - mean[g] * scale;
                int at = (o * groups + g) * inner;
                Elementwise.ScaleShift(x.Slice(at, inner), scale, shift, y.Slice(at, inner));
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="ForwardBatchStats"/> (the statistics depend on x):
    /// dx += w·invStd/M·(M·dy − Σdy − x̂·Σdy·x̂); dweight += Σdy·x̂; dbias += Σdy. Empty destinations are skipped.
    /// </summary>
    public static void BackwardBatchStats(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, int outer, int groups, int inner,
        Span<float> dx, Span<float> dweight, Span<float> dbias)
    {
        Check(x.Length, dy.Length, weight.Length, weight.Length, outer, groups, inner);
        int m = outer * inner;
        for (int g = 0; g < groups; g++)
        {
            var (sumDy, sumDyXhat) = GroupSums(x, dy, mean[g], invStd[g], outer, groups, inner, g);
            if (!dweight.IsEmpty) dweight[g % dweight.Length] += (float)sumDyXhat;
            if (!dbias.IsEmpty) dbias[g % dbias.Length] += (float)sumDy;
            if (dx.IsEmpty)
                continue;
            float w = weight.IsEmpty ? 1f : weight[g % weight.Length];
            float k = w * invStd[g];
            float meanDy = (float)(sumDy / m), meanDyXhat = (float)(sumDyXhat / m);
            for (int o = 0; o < outer; o++)
            {
                int at = (o * groups + g) * inner;
                for (int i = 0; i < inner; i++)
                {
                    float xhat = (x[at + i] - mean[g]) * invStd[g];
                    dx[at + i] += k * (dy[at + i] - meanDy - xhat * meanDyXhat);
                }
            }
        }
    }

    /// <summary>Backward of <see cref="Normalize"/> with fixed statistics: dx += dy·w·invStd; dweight += Σdy·x̂; dbias += Σdy.</summary>
    public static void BackwardFixedStats(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, int outer, int groups, int inner,
        Span<float> dx, Span<float> dweight, Span<float> dbias)
    {
        Check(x.Length, dy.Length, weight.Length, weight.Length, outer, groups, inner);
        for (int g = 0; g < groups; g++)
        {
            if (!dweight.IsEmpty || !dbias.IsEmpty)
            {
                var (sumDy, sumDyXhat) = GroupSums(x, dy, mean[g], invStd[g], outer, groups, inner, g);
                if (!dweight.IsEmpty) dweight[g % dweight.Length] += (float)sumDyXhat;
                if (!dbias.IsEmpty) dbias[g % dbias.Length] += (float)sumDy;
            }
            if (dx.IsEmpty)
                continue;
            float k = invStd[g] * (weight.IsEmpty ? 1f : weight[g % weight.Length]);
            for (int o = 0; o < outer; o++)
            {
                int at = (o * groups + g) * inner;
                Elementwise.AddScaled(dy.Slice(at, inner), k, dx.Slice(at, inner));
            }
        }
    }

    private static (double SumDy, double SumDyXhat) GroupSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        float mean, float invStd, int outer, int groups, int inner, int g)
    {
        double sumDy = 0, sumDyXhat = 0;
        for (int o = 0; o < outer; o++)
        {
            int at = (o * groups + g) * inner;
            for (int i = 0; i < inner; i++)
            {
                sumDy += dy[at + i];
                sumDyXhat += dy[at + i] * ((x[at + i] - mean) * invStd);
            }
        }
        return (sumDy, sumDyXhat);
    }

    private static void Check(int xLength, int yLength, int weightLength, int biasLength, int outer, int groups, int inner)
    {
        if ((long)outer * groups * inner != xLength || yLength != xLength)
            throw new ArgumentException($"Norm kernel: {outer}×{groups}×{inner} does not match input length {xLength} and output/gradient length {yLength}.");
        if ((weightLength != 0 && groups % weightLength != 0) || (biasLength != 0 && groups % biasLength != 0))
            throw new ArgumentException($"Norm kernel: affine lengths {weightLength}/{biasLength} must divide the group count {groups}.");
    }
}

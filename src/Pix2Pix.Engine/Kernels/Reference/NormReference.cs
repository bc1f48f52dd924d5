namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>
/// Normalization straight from the definitions, in double, for tests of <see cref="Norm"/>:
/// y = (x − μ)/√(σ² + eps)·w + b per group, and its gradient by the chain rule through μ and σ².
/// </summary>
/// <seealso cref="Norm"/>
internal static class NormReference
{
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int outer, int groups, int inner, float eps, Span<float> y)
    {
        for (int g = 0; g < groups; g++)
        {
            var (mu, var) = Stats(x, outer, groups, inner, g);
            double w = weight.IsEmpty ? 1 : weight[g % weight.Length], b = bias.IsEmpty ? 0 : bias[g % bias.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * groups + g) * inner + i;
                    y[at] = (float)((x[at] - mu) / Math.Sqrt(var + eps) * w + b);
                }
        }
    }

    /// <summary>dx (overwritten) of Σ dy·y with batch statistics: dx = w/σ̂·(dy − mean(dy) − x̂·mean(dy·x̂)).</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        int outer, int groups, int inner, float eps, Span<float> dx)
    {
        int m = outer * inner;
        for (int g = 0; g < groups; g++)
        {
            var (mu, var) = Stats(x, outer, groups, inner, g);
            double std = Math.Sqrt(var + eps), w = weight.IsEmpty ? 1 : weight[g % weight.Length];
            double sumDy = 0, sumDyXhat = 0;
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * groups + g) * inner + i;
                    sumDy += dy[at];
                    sumDyXhat += dy[at] * (x[at] - mu) / std;
                }
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * groups + g) * inner + i;
                    dx[at] = (float)(w / std * (dy[at] - sumDy / m - (x[at] - mu) / std * sumDyXhat / m));
                }
        }
    }

    private static (double Mean, double Variance) Stats(ReadOnlySpan<float> x, int outer, int groups, int inner, int g)
    {
        double s = 0, ss = 0;
        int m = outer * inner;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                s += x[(o * groups + g) * inner + i];
        double mu = s / m;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double d = x[(o * groups + g) * inner + i] - mu;
                ss += d * d;
            }
        return (mu, ss / m);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Networks.Progressive;

/// <summary>
/// pytorch_GAN_zoo's <c>ConstrainedLayer</c>: a convolution or linear layer kept under the child name <c>module</c> (so
/// its state-dict names are <c>….module.weight</c> / <c>….module.bias</c>, as that repository writes them). With the
/// equalized learning rate the weights are drawn from N(0, 1), the bias is zero, and the output (bias included) is
/// multiplied at run time by He's constant √(2 / fan_in) — the zoo's <c>x *= self.weight</c>.
/// </summary>
internal sealed class EqualizedLayer : Module
{
    private readonly Module _inner;

    private EqualizedLayer(Module inner, int fanIn, bool equalized, Tensor weight, Tensor? bias, Rng rng)
    {
        _inner = RegisterModule("module", inner);
        Equalized = equalized;
        Scale = equalized ? (float)Math.Sqrt(2.0 / fanIn) : 1f;
        bias?.Data.AsSpan(0, bias.Count).Clear();
        if (equalized)
            rng.FillNormal(weight.Data.AsSpan(0, weight.Count), 0f, 1f);
    }

    /// <summary>The zoo's <c>EqualizedConv2d(in, out, k, padding)</c>.</summary>
    public static EqualizedLayer Conv(int inChannels, int outChannels, int kernel, int padding, bool equalized, Rng rng)
    {
        var conv = new Conv2d(inChannels, outChannels, kernel, 1, padding, bias: true, rng: rng);
        return new EqualizedLayer(conv, inChannels * kernel * kernel, equalized, conv.Weight, conv.Bias, rng);
    }

    /// <summary>The zoo's <c>EqualizedLinear(in, out)</c>.</summary>
    public static EqualizedLayer Linear(int inFeatures, int outFeatures, bool equalized, Rng rng)
    {
        var linear = new Linear(inFeatures, outFeatures, bias: true, rng: rng);
        return new EqualizedLayer(linear, inFeatures, equalized, linear.Weight, linear.Bias, rng);
    }

    public bool Equalized { get; }

    /// <summary>He's constant √(2 / fan_in) (1 without the equalized learning rate).</summary>
    public float Scale { get; }

    public override Tensor Forward(Tensor input)
    {
        var y = _inner.Forward(input);
        return Equalized ? F.Affine(y, Scale, 0f) : y;
    }
}

/// <summary>The few tensor steps of the progressive networks, written with ops that have second-order rules (D's penalty).</summary>
internal static class ProgressiveOps
{
    public const float PixelNormEpsilon = 1e-8f;
    private static readonly Tensor UpscaleOnes = Tensor.Ones(1, 2, 1, 2);

    /// <summary>The zoo's <c>NormalizationLayer</c>: x · rsqrt(mean over channels of x² + 1e-8) (dim 1; 2-D or 4-D x).</summary>
    public static Tensor PixelNorm(Tensor x) =>
        F.Mul(x, F.Pow(F.Affine(F.Mean(F.Square(x), 1, keepDim: true), 1f, PixelNormEpsilon), -0.5f));

    /// <summary>The zoo's <c>Upscale2d</c>: nearest-neighbour ×2 (each pixel repeated in a 2×2 block).</summary>
    public static Tensor Upscale2d(Tensor x)
    {
        int n = x.Dim(0), c = x.Dim(1), h = x.Dim(2), w = x.Dim(3);
        var spread = F.Mul(F.Reshape(x, n * c * h, 1, w, 1), UpscaleOnes);
        return F.Reshape(spread, n, c, 2 * h, 2 * w);
    }

    /// <summary><c>F.avg_pool2d(x, (2, 2))</c> made of reshapes and means, so its gradient is differentiable again.</summary>
    public static Tensor Downscale2d(Tensor x)
    {
        int n = x.Dim(0), c = x.Dim(1), h = x.Dim(2), w = x.Dim(3);
        if (h % 2 != 0 || w % 2 != 0)
            throw new ArgumentException($"Average pooling by 2 needs even sides; got {h}x{w}.", nameof(x));
        var rows = F.Mean(F.Reshape(x, n * c * h / 2, 2, w), 1);
        var both = F.Mean(F.Reshape(rows, n * c * h / 2, w / 2, 2), 2);
        return F.Reshape(both, n, c, h / 2, w / 2);
    }

    /// <summary>
    /// The zoo's <c>miniBatchStdDev</c> (subgroups of 4): per group of consecutive samples the unbiased standard deviation
    /// of every feature (+1e-8 under the root), averaged to one number, appended as a constant channel; a batch that
    /// cannot be split into groups of 4 is one group; a group of one sample gets a zero channel.
    /// </summary>
    public static Tensor MiniBatchStdDev(Tensor x, int subGroupSize = 4)
    {
        int n = x.Dim(0), c = x.Dim(1), h = x.Dim(2), w = x.Dim(3);
        int g = Math.Min(n, subGroupSize);
        if (n % g != 0)
            g = n;
        int groups = n / g;
        Tensor channel;
        if (g > 1)
        {
            var y = F.Reshape(x, groups, g, c * h * w);
            var centred = F.Sub(y, F.Mean(y, 1, keepDim: true));
            var variance = F.Affine(F.Sum(F.Square(centred), 1), 1f / (g - 1), 0f);
            var std = F.Sqrt(F.Affine(variance, 1f, 1e-8f));
            var mean = F.Mean(std, 1, keepDim: true);                       // [groups, 1]
            channel = F.Reshape(F.Mul(mean, Tensor.Ones(1, g * h * w)), n, 1, h, w);
        }
        else
        {
            channel = Tensor.Zeros(n, 1, h, w);
        }
        return F.Concat(x, channel, 1);
    }

    /// <summary>alpha · low + (1 − alpha) · high, the fade-in blend.</summary>
    public static Tensor Blend(Tensor low, Tensor high, double alpha) =>
        F.Add(F.Affine(low, (float)alpha, 0f), F.Affine(high, (float)(1.0 - alpha), 0f));
}

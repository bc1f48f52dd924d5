using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Networks.Progressive;

/// <summary>
/// The settings a pytorch_GAN_zoo progressive GAN is built from (its <c>config</c>: <c>latentVectorDim</c>,
/// <c>depthScale0</c>, <c>depthOtherScales</c>, <c>dimOutput</c>, <c>leakyReluLeak</c>, <c>perChannelNormalization</c>,
/// <c>miniBatchStdDev</c>, <c>equalizedlR</c>; <c>lossCriterion</c> DCGAN or MSE ends G in tanh, WGANGP does not).
/// </summary>
internal sealed record ProgressiveSpec(int DimLatent, int DepthScale0, int DimOutput = 3, float Leak = 0.2f, bool Normalization = true,
    bool MiniBatchStdDev = true, bool Equalized = true, bool TanhOutput = false);

/// <summary>
/// pytorch_GAN_zoo's <c>GNet</c>: pixel-normalised z → EqualizedLinear to depth0×4×4 → a 3×3 conv at 4×4; each added
/// scale doubles the side (nearest ×2) and runs two 3×3 convs; leaky ReLU and pixel norm after every layer; a 1×1 toRGB per
/// scale. With alpha &gt; 0 the output is alpha · upscaled toRGB of the previous scale + (1 − alpha) · the new scale's.
/// State-dict names are the zoo's (<c>formatLayer.module.weight</c>, <c>scaleLayers.0.1.module.bias</c>, …).
/// </summary>
internal sealed class ProgressiveGenerator : Module
{
    private readonly Sequential _scaleLayers;
    private readonly Sequential _toRgbLayers;
    private readonly EqualizedLayer _formatLayer;
    private readonly Sequential _groupScale0;
    private readonly Rng _rng;
    private readonly List<int> _depths;

    public ProgressiveGenerator(ProgressiveSpec spec, Rng rng)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
        _depths = [spec.DepthScale0];
        _scaleLayers = RegisterModule("scaleLayers", new Sequential());
        _toRgbLayers = RegisterModule("toRGBLayers", new Sequential());
        _formatLayer = RegisterModule("formatLayer", EqualizedLayer.Linear(spec.DimLatent, 16 * spec.DepthScale0, spec.Equalized, rng));
        _groupScale0 = RegisterModule("groupScale0", new Sequential(EqualizedLayer.Conv(spec.DepthScale0, spec.DepthScale0, 3, 1, spec.Equalized, rng)));
        _toRgbLayers.Add(EqualizedLayer.Conv(spec.DepthScale0, spec.DimOutput, 1, 0, spec.Equalized, rng));
    }

    public ProgressiveSpec Spec { get; }

    /// <summary>The fade-in factor in [0, 1] (0: the newest scale alone).</summary>
    public double Alpha { get; set; }

    /// <summary>The depth of every scale so far (scale 0 first).</summary>
    public IReadOnlyList<int> Depths => _depths;

    /// <summary>The side of the images G makes: 4 · 2^(scales − 1).</summary>
    public int OutputSide => 4 << (_depths.Count - 1);

    /// <summary>The zoo's <c>addScale</c>: two 3×3 convs of <paramref name="depth"/> channels and a toRGB, side doubled.</summary>
    /// <param name="rng">Draws the new layers' weights (null: the generator the network was built with).</param>
    public void AddScale(int depth, Rng? rng = null)
    {
        rng ??= _rng;
        int last = _depths[^1];
        _depths.Add(depth);
        _scaleLayers.Add(new Sequential(
            EqualizedLayer.Conv(last, depth, 3, 1, Spec.Equalized, rng),
            EqualizedLayer.Conv(depth, depth, 3, 1, Spec.Equalized, rng)));
        _toRgbLayers.Add(EqualizedLayer.Conv(depth, Spec.DimOutput, 1, 0, Spec.Equalized, rng));
    }

    /// <summary>z [N, dimLatent] (or [N, dimLatent, 1, 1]) → images [N, dimOutput, side, side].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Dim(0);
        var x = F.Reshape(input, n, -1);
        if (x.Dim(1) != Spec.DimLatent)
            throw new ArgumentException($"The progressive generator takes z of length {Spec.DimLatent}; got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        if (Spec.Normalization)
            x = ProgressiveOps.PixelNorm(x);
        x = F.Reshape(F.LeakyRelu(_formatLayer.Forward(x), Spec.Leak), n, Spec.DepthScale0, 4, 4);
        if (Spec.Normalization)
            x = ProgressiveOps.PixelNorm(x);
        for (int i = 0; i < _groupScale0.Count; i++)
            x = Activate(_groupScale0[i].Forward(x));
        int scales = _scaleLayers.Count;
        bool blend = Alpha > 0 && scales > 0;
        Tensor? y = null;
        if (blend && scales == 1)
            y = ProgressiveOps.Upscale2d(_toRgbLayers[^2].Forward(x));
        for (int s = 0; s < scales; s++)
        {
            x = ProgressiveOps.Upscale2d(x);
            var group = (Sequential)_scaleLayers[s];
            for (int i = 0; i < group.Count; i++)
                x = Activate(group[i].Forward(x));
            if (blend && s == scales - 2)
                y = ProgressiveOps.Upscale2d(_toRgbLayers[^2].Forward(x));
        }
        x = _toRgbLayers[^1].Forward(x);
        if (y is not null)
            x = ProgressiveOps.Blend(y, x, Alpha);
        return Spec.TanhOutput ? F.Tanh(x) : x;
    }

    private Tensor Activate(Tensor x)
    {
        x = F.LeakyRelu(x, Spec.Leak);
        return Spec.Normalization ? ProgressiveOps.PixelNorm(x) : x;
    }
}

/// <summary>
/// pytorch_GAN_zoo's <c>DNet</c>: a 1×1 fromRGB per scale; each added scale runs two 3×3 convs then 2×2 average pooling
/// (newest scale first); at 4×4 the minibatch standard deviation channel, a 3×3 conv, a linear layer to depth0 and the
/// decision layer (one score). With alpha &gt; 0 the pooled input through the previous fromRGB is blended in after the
/// newest scale — as the zoo's code does it only when two or more scales were added (at 8×8 its D does not blend).
/// </summary>
internal sealed class ProgressiveDiscriminator : Module
{
    private readonly Sequential _scaleLayers;
    private readonly Sequential _fromRgbLayers;
    private readonly EqualizedLayer _decisionLayer;
    private readonly Sequential _groupScaleZero;
    private readonly Rng _rng;
    private readonly List<int> _depths;

    public ProgressiveDiscriminator(ProgressiveSpec spec, Rng rng, int decisionSize = 1)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
        _depths = [spec.DepthScale0];
        _scaleLayers = RegisterModule("scaleLayers", new Sequential());
        _fromRgbLayers = RegisterModule("fromRGBLayers", new Sequential());
        _decisionLayer = RegisterModule("decisionLayer", EqualizedLayer.Linear(spec.DepthScale0, decisionSize, spec.Equalized, rng));
        _groupScaleZero = RegisterModule("groupScaleZero", new Sequential());
        _fromRgbLayers.Add(EqualizedLayer.Conv(spec.DimOutput, spec.DepthScale0, 1, 0, spec.Equalized, rng));
        int entry = spec.DepthScale0 + (spec.MiniBatchStdDev ? 1 : 0);
        _groupScaleZero.Add(EqualizedLayer.Conv(entry, spec.DepthScale0, 3, 1, spec.Equalized, rng));
        _groupScaleZero.Add(EqualizedLayer.Linear(spec.DepthScale0 * 16, spec.DepthScale0, spec.Equalized, rng));
    }

    public ProgressiveSpec Spec { get; }

    public double Alpha { get; set; }

    public IReadOnlyList<int> Depths => _depths;

    public int InputSide => 4 << (_depths.Count - 1);

    /// <summary>The zoo's <c>DNet.addScale</c>.</summary>
    public void AddScale(int depth, Rng? rng = null)
    {
        rng ??= _rng;
        int last = _depths[^1];
        _depths.Add(depth);
        _scaleLayers.Add(new Sequential(
            EqualizedLayer.Conv(depth, depth, 3, 1, Spec.Equalized, rng),
            EqualizedLayer.Conv(depth, last, 3, 1, Spec.Equalized, rng)));
        _fromRgbLayers.Add(EqualizedLayer.Conv(Spec.DimOutput, depth, 1, 0, Spec.Equalized, rng));
    }

    /// <summary>Images [N, dimOutput, side, side] → scores [N, 1].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Dim(1) != Spec.DimOutput || input.Dim(2) != InputSide || input.Dim(3) != InputSide)
            throw new ArgumentException($"The progressive discriminator at this scale judges [N, {Spec.DimOutput}, {InputSide}, {InputSide}] images; got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        Tensor? y = null;
        if (Alpha > 0 && _fromRgbLayers.Count > 1)
            y = F.LeakyRelu(_fromRgbLayers[^2].Forward(ProgressiveOps.Downscale2d(input)), Spec.Leak);
        var x = F.LeakyRelu(_fromRgbLayers[^1].Forward(input), Spec.Leak);
        bool merge = Alpha > 0 && _scaleLayers.Count > 1;
        for (int s = _scaleLayers.Count - 1; s >= 0; s--)
        {
            var group = (Sequential)_scaleLayers[s];
            for (int i = 0; i < group.Count; i++)
                x = F.LeakyRelu(group[i].Forward(x), Spec.Leak);
            x = ProgressiveOps.Downscale2d(x);
            if (merge)
            {
                merge = false;
                x = ProgressiveOps.Blend(y!, x, Alpha);
            }
        }
        if (Spec.MiniBatchStdDev)
            x = ProgressiveOps.MiniBatchStdDev(x);
        x = F.LeakyRelu(_groupScaleZero[0].Forward(x), Spec.Leak);
        x = F.LeakyRelu(_groupScaleZero[1].Forward(F.Reshape(x, x.Dim(0), -1)), Spec.Leak);
        return _decisionLayer.Forward(x);
    }
}

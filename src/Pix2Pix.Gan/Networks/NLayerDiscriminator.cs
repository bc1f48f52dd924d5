using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The PatchGAN discriminator: Conv 4×4 s2 + LeakyReLU(0.2); then (nLayers − 1) stride-2 convs doubling the channels
/// (capped at 8·ndf) with norm + LeakyReLU; one stride-1 block; a final 1-channel Conv 4×4 s1 p1 that outputs one
/// logit per patch (no sigmoid; the loss takes logits). With nLayers 3 ("basic") each output sees a 70×70 patch.
/// </summary>
internal sealed class NLayerDiscriminator : Module
{
    private readonly Sequential _model;

    public NLayerDiscriminator(int inputNc, int ndf, int nLayers, string norm)
    {
        if (nLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(nLayers), nLayers, "--n_layers_D must be 1 or more.");
        NLayers = nLayers;
        bool useBias = NormLayers.ConvUsesBias(norm);
        var seq = new Sequential(new Conv2d(inputNc, ndf, 4, stride: 2, padding: 1), new LeakyReLU(0.2f));
        int mult = 1;
        for (int n = 1; n < nLayers; n++)
        {
            int prev = mult;
            mult = Math.Min(1 << n, 8);
            seq.Add(new Conv2d(ndf * prev, ndf * mult, 4, stride: 2, padding: 1, bias: useBias));
            seq.Add(NormLayers.Create(norm, ndf * mult));
            seq.Add(new LeakyReLU(0.2f));
        }
        int last = mult;
        mult = Math.Min(1 << nLayers, 8);
        seq.Add(new Conv2d(ndf * last, ndf * mult, 4, stride: 1, padding: 1, bias: useBias));
        seq.Add(NormLayers.Create(norm, ndf * mult));
        seq.Add(new LeakyReLU(0.2f));
        seq.Add(new Conv2d(ndf * mult, 1, 4, stride: 1, padding: 1));
        _model = RegisterModule("model", seq);
    }

    public int NLayers { get; }

    /// <summary>The side of the input patch one output logit sees: 16, 34, 70, 142, 286 for 1…5 layers.</summary>
    /// <summary><c>--netD basic</c>: the 70×70 PatchGAN (3 layers).</summary>
    public static NetworkDescriptor BasicDescriptor { get; } = new("basic",
        a => new NLayerDiscriminator(a.InputNc, a.Filters, 3, a.Norm), SizeRule.Any, ["ndf", "norm"]);

    /// <summary><c>--netD n_layers</c>: a PatchGAN of <c>--n_layers_D</c> layers.</summary>
    public static NetworkDescriptor NLayersDescriptor { get; } = new("n_layers",
        a => new NLayerDiscriminator(a.InputNc, a.Filters, a.NLayersD, a.Norm), SizeRule.Any, ["ndf", "norm", "n_layers_D"]);

    public static int ReceptiveField(int nLayers)
    {
        // Walk back from one output pixel: two stride-1 4×4 convs, then nLayers stride-2 4×4 convs.
        int field = 1;
        field += 3;           // final conv
        field += 3;           // stride-1 block
        for (int i = 0; i < nLayers; i++)
            field = (field - 1) * 2 + 4;
        return field;
    }

    public override Tensor Forward(Tensor input) => _model.Forward(input);
}

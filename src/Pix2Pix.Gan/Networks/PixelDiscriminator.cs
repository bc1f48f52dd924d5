using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>The 1×1 PixelGAN: Conv 1×1 → LeakyReLU → Conv 1×1 (2·ndf) → norm → LeakyReLU → Conv 1×1 (1), named "net".</summary>
internal sealed class PixelDiscriminator : Module
{
    private readonly Sequential _net;

    public PixelDiscriminator(int inputNc, int ndf, string norm)
    {
        bool useBias = NormLayers.ConvUsesBias(norm);
        _net = RegisterModule("net", new Sequential(
            new Conv2d(inputNc, ndf, 1),
            new LeakyReLU(0.2f),
            new Conv2d(ndf, ndf * 2, 1, bias: useBias),
            NormLayers.Create(norm, ndf * 2),
            new LeakyReLU(0.2f),
            new Conv2d(ndf * 2, 1, 1, bias: useBias)));
    }

    /// <summary><c>--netD pixel</c>: the 1×1 PixelGAN.</summary>
    public static NetworkDescriptor Descriptor { get; } = new("pixel",
        a => new PixelDiscriminator(a.InputNc, a.Filters, a.Norm), SizeRule.Any, ["ndf", "norm"]);

    public override Tensor Forward(Tensor input) => _net.Forward(input);
}

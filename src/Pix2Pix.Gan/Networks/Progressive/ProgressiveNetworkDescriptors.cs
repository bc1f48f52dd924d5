using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Networks.Progressive;

/// <summary>
/// <c>--netG progan</c> / <c>--netD progan</c>: the 4×4 start of pytorch_GAN_zoo's progressive networks (latent
/// <c>InputNc</c>, depth <c>Filters</c>); <c>--model progan</c> builds and grows them itself from its schedule flags.
/// </summary>
internal static class ProgressiveNetworkDescriptors
{
    public static NetworkDescriptor Generator { get; } = new("progan",
        a => new ProgressiveGenerator(new ProgressiveSpec(a.InputNc, a.Filters, a.OutputNc), a.InitRng ?? new Rng(0)),
        new SizeRule(4, "The progressive generator"), ["ngf"]);

    public static NetworkDescriptor Discriminator { get; } = new("progan",
        a => new ProgressiveDiscriminator(new ProgressiveSpec(512, a.Filters, a.InputNc), a.InitRng ?? new Rng(0)),
        new SizeRule(4, "The progressive discriminator"), ["ndf"]);
}

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// Every <c>--netG</c> and <c>--netD</c> choice, in the order help and errors list them. Adding a network = its file
/// (with a descriptor) + one line here.
/// </summary>
internal static class NetworkRegistry
{
    public static IReadOnlyList<NetworkDescriptor> Generators { get; } =
    [
        UnetGenerator.Descriptor("unet_256", numDowns: 8),
        UnetGenerator.Descriptor("unet_128", numDowns: 7),
        ResnetGenerator.Descriptor("resnet_9blocks", nBlocks: 9),
        ResnetGenerator.Descriptor("resnet_6blocks", nBlocks: 6),
    ];

    public static IReadOnlyList<NetworkDescriptor> Discriminators { get; } =
    [
        NLayerDiscriminator.BasicDescriptor,
        NLayerDiscriminator.NLayersDescriptor,
        PixelDiscriminator.Descriptor,
    ];

    /// <summary>The classic GANs' generators of noise (GANS.md): input z [N, z_dim], output images; read by the noise models only.</summary>
    public static IReadOnlyList<NetworkDescriptor> LatentGenerators { get; } =
    [
        FcGan.Generator,
        ConditionalFcGan.Generator,
        DcganMnist.Generator,
        DcganMnist32.Generator,
        Dcgan64.Generator,
        Progressive.ProgressiveNetworkDescriptors.Generator,
    ];

    /// <summary>The classic GANs' discriminators: images in, one probability per image out (they end in Sigmoid); WGAN-GP's critic gives a score.</summary>
    public static IReadOnlyList<NetworkDescriptor> LatentDiscriminators { get; } =
    [
        FcGan.Discriminator,
        ConditionalFcGan.Discriminator,
        DcganMnist.Discriminator,
        DcganMnist32.Discriminator,
        Dcgan64.Discriminator,
        WganGpCritic.Critic,
        Progressive.ProgressiveNetworkDescriptors.Discriminator,
    ];

    /// <summary>Every <c>--netG</c> value: the image-to-image generators, then the generators of noise.</summary>
    public static IReadOnlyList<string> GeneratorNames { get; } = [.. Generators.Select(g => g.Name), .. LatentGenerators.Select(g => g.Name)];

    public static IReadOnlyList<string> DiscriminatorNames { get; } = [.. Discriminators.Select(d => d.Name), .. LatentDiscriminators.Select(d => d.Name)];

    public static IReadOnlyList<string> LatentGeneratorNames { get; } = [.. LatentGenerators.Select(g => g.Name)];

    public static NetworkDescriptor? FindLatentGenerator(string name) => LatentGenerators.FirstOrDefault(g => g.Name == name);

    public static NetworkDescriptor? FindLatentDiscriminator(string name) => LatentDiscriminators.FirstOrDefault(g => g.Name == name);

    public static NetworkDescriptor? FindGenerator(string name) => Generators.FirstOrDefault(g => g.Name == name);

    public static NetworkDescriptor Generator(string netG) => FindGenerator(netG)
        ?? throw new ArgumentException(FindLatentGenerator(netG) is null
            ? $"--netG {netG} is not known; use one of: {string.Join(", ", Generators.Select(g => g.Name))}."
            : $"--netG {netG} generates from noise (--model gan, cgan, dcgan or wgangp; draw its images with 'pix2pix sample'); image-to-image models use one of: {string.Join(", ", Generators.Select(g => g.Name))}.");

    public static NetworkDescriptor Discriminator(string netD) => Discriminators.FirstOrDefault(d => d.Name == netD)
        ?? throw new ArgumentException(FindLatentDiscriminator(netD) is null
            ? $"--netD {netD} is not known; use one of: {string.Join(", ", Discriminators.Select(d => d.Name))}."
            : $"--netD {netD} belongs to the noise models (--model gan, cgan, dcgan or wgangp); image-to-image models use one of: {string.Join(", ", Discriminators.Select(d => d.Name))}.", nameof(netD));

    /// <summary>A generator of noise by <c>--netG</c> name, for <paramref name="model"/> (which names it in the error).</summary>
    public static NetworkDescriptor LatentGenerator(string netG, string model) => FindLatentGenerator(netG)
        ?? throw new ArgumentException($"--model {model} generates from noise and needs a --netG for that: {string.Join(", ", LatentGeneratorNames)}; {netG} is not one.");

    /// <summary>A discriminator of the noise models by <c>--netD</c> name.</summary>
    public static NetworkDescriptor LatentDiscriminator(string netD, string model) => FindLatentDiscriminator(netD)
        ?? throw new ArgumentException($"--model {model} needs a --netD of the noise models: {string.Join(", ", LatentDiscriminators.Select(d => d.Name))}; {netD} is not one.");
}

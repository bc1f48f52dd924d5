namespace Pix2Pix.Gan.Networks;

/// <summary>
/// Every <c>--netG</c> and <c>--netD</c> choice, in the order help and errors list them. Adding a network = its file
/// (with a descriptor) + one line here.
/// </summary>
public static class NetworkRegistry
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

    public static IReadOnlyList<string> GeneratorNames { get; } = [.. Generators.Select(g => g.Name)];

    public static IReadOnlyList<string> DiscriminatorNames { get; } = [.. Discriminators.Select(d => d.Name)];

    public static NetworkDescriptor? FindGenerator(string name) => Generators.FirstOrDefault(g => g.Name == name);

    public static NetworkDescriptor Generator(string netG) => FindGenerator(netG)
        ?? throw new ArgumentException($"--netG {netG} is not known; use one of: {string.Join(", ", GeneratorNames)}.", nameof(netG));

    public static NetworkDescriptor Discriminator(string netD) => Discriminators.FirstOrDefault(d => d.Name == netD)
        ?? throw new ArgumentException($"--netD {netD} is not known; use one of: {string.Join(", ", DiscriminatorNames)}.", nameof(netD));
}

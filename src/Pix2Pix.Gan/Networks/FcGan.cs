using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The fully connected GAN on MNIST (GANS.md §1), <c>--netG/--netD gan_mnist</c>. G: Linear(z, 256) → LeakyReLU(0.01) →
/// Linear(256, 784) → Tanh, shaped to 1×28×28; D: Linear(784, 128) on the flattened image → LeakyReLU(0.01) → Linear(128, 1) → Sigmoid.
/// PyTorch's default initialisation.
/// </summary>
internal static class FcGan
{
    public const int Side = 28;

    public static NetworkDescriptor Generator { get; } = new("gan_mnist", a => new LatentNet("gen", new Sequential(
        new Linear(a.InputNc, 256, rng: a.InitRng), new LeakyReLU(0.01f),
        new Linear(256, a.OutputNc * Side * Side, rng: a.InitRng), new Tanh()), outputShape: [a.OutputNc, Side, Side]), SizeRule.Any, [], ImageSide: 28);

    public static NetworkDescriptor Discriminator { get; } = new("gan_mnist", a => new LatentNet("disc", new Sequential(
        new Linear(a.InputNc * Side * Side, 128, rng: a.InitRng), new LeakyReLU(0.01f),
        new Linear(128, 1, rng: a.InitRng), new Sigmoid()), flattenInput: true), SizeRule.Any, [], ImageSide: 28);
}

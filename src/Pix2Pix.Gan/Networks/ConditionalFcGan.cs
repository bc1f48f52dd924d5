using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The conditional GAN on MNIST (GANS.md §2), <c>--netG/--netD cgan_mnist</c>. The model concatenates the one-hot label
/// (10 classes, or <c>--num_classes</c> for <c>--dataset_mode labeled</c>) to z, and to the flattened image: G: Linear(z + 10, 128) → LeakyReLU(0.2) → Linear(128, 256) →
/// BatchNorm1d(256, eps 0.8) → LeakyReLU(0.2) → Linear(256, 512) → BatchNorm1d(512, eps 0.8) → LeakyReLU(0.2) →
/// Linear(512, 784) → Tanh; D: Linear(794, 512) → LeakyReLU(0.2) → Linear(512, 256) → LeakyReLU(0.2) → Linear(256, 1)
/// → Sigmoid. The eps of 0.8 is the original code's slip (<c>BatchNorm1d(256, 0.8)</c> meant momentum 0.8; its second
/// positional argument is eps), kept on purpose so the network is the write-up's.
/// </summary>
internal static class ConditionalFcGan
{
    /// <summary>MNIST's ten digits: the default of <c>--num_classes</c>.</summary>
    public const int Classes = 10;
    public const int Side = 28;

    /// <summary>The original's eps of BatchNorm1d (see the class summary).</summary>
    public const float BatchNormEps = 0.8f;

    public static NetworkDescriptor Generator { get; } = new("cgan_mnist", a => new LatentNet("gen", new Sequential(
        new Linear(a.InputNc + a.Classes, 128, rng: a.InitRng), new LeakyReLU(0.2f),
        new Linear(128, 256, rng: a.InitRng), new BatchNorm1d(256, BatchNormEps), new LeakyReLU(0.2f),
        new Linear(256, 512, rng: a.InitRng), new BatchNorm1d(512, BatchNormEps), new LeakyReLU(0.2f),
        new Linear(512, a.OutputNc * Side * Side, rng: a.InitRng), new Tanh()), outputShape: [a.OutputNc, Side, Side]), SizeRule.Any, [], ImageSide: 28);

    public static NetworkDescriptor Discriminator { get; } = new("cgan_mnist", a => new LatentNet("disc", new Sequential(
        new Linear(a.InputNc * Side * Side + a.Classes, 512, rng: a.InitRng), new LeakyReLU(0.2f),
        new Linear(512, 256, rng: a.InitRng), new LeakyReLU(0.2f),
        new Linear(256, 1, rng: a.InitRng), new Sigmoid()), flattenInput: true), SizeRule.Any, [], ImageSide: 28);
}

using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// DCGAN on MNIST, version B (GANS.md §4), <c>--netG/--netD dcgan_mnist32</c>. G: Linear(z, 4·4·256) → view 256×4×4 →
/// ConvT(256, 128, 3, 2, 0) → BN → ReLU → ConvT(128, 64, 3, 2, 1) → BN → ReLU → ConvT(64, 1, 4, 2, 2) → Tanh: sides
/// 4 → 9 → 17 → 32, not 28. D: Conv(1, 16, 3, 2, 1) → LeakyReLU(0.2) → Conv(16, 32, 3, 2, 1) → BN → LeakyReLU(0.2) →
/// Conv(32, 64, 3, 2, 1) → BN → LeakyReLU(0.2) → Conv(64, 128, 4, 1) → BN → LeakyReLU(0.2) → flatten 128 →
/// Linear(128, 1) → Sigmoid. The original trains 28×28 reals against 32×32 fakes (D reaches 1×1 from both); here the
/// real digits are padded with black to 32×32 (<c>--crop_size 32</c>), so D sees one size. DCGAN initialisation.
/// </summary>
internal static class DcganMnist32
{
    public static NetworkDescriptor Generator { get; } = new("dcgan_mnist32", a => LatentNet.DcganInit(new LatentNet("gen", new Sequential(
        new Linear(a.InputNc, 4 * 4 * 256, rng: a.InitRng), new Unflatten(256, 4, 4),
        new ConvTranspose2d(256, 128, 3, 2, 0, rng: a.InitRng), new BatchNorm2d(128), new ReLU(),
        new ConvTranspose2d(128, 64, 3, 2, 1, rng: a.InitRng), new BatchNorm2d(64), new ReLU(),
        new ConvTranspose2d(64, a.OutputNc, 4, 2, 2, rng: a.InitRng), new Tanh())), a.InitRng), SizeRule.Any, [], ImageSide: 32);

    public static NetworkDescriptor Discriminator { get; } = new("dcgan_mnist32", a => LatentNet.DcganInit(new LatentNet("disc", new Sequential(
        new Conv2d(a.InputNc, 16, 3, 2, 1, rng: a.InitRng), new LeakyReLU(0.2f),
        new Conv2d(16, 32, 3, 2, 1, rng: a.InitRng), new BatchNorm2d(32), new LeakyReLU(0.2f),
        new Conv2d(32, 64, 3, 2, 1, rng: a.InitRng), new BatchNorm2d(64), new LeakyReLU(0.2f),
        new Conv2d(64, 128, 4, 1, 0, rng: a.InitRng), new BatchNorm2d(128), new LeakyReLU(0.2f),
        new Flatten(), new Linear(128, 1, rng: a.InitRng), new Sigmoid())), a.InitRng), SizeRule.Any, [], ImageSide: 32);
}

using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// DCGAN on MNIST, version A (GANS.md §3), <c>--netG/--netD dcgan_mnist</c>. G (1,866,561 parameters for z 100):
/// Linear(z, 256·7·7) → view 256×7×7 → ConvT(256, 128, 4, 2, 1) → BN → LeakyReLU(0.01) → ConvT(128, 64, 3, 1, 1) → BN →
/// LeakyReLU(0.01) → ConvT(64, 1, 4, 2, 1) → Tanh. D (95,105): Conv(1, 32, 3, 2, 1) → LeakyReLU(0.01) → Conv(32, 64, 3,
/// 2, 1) → BN → LeakyReLU(0.01) → Conv(64, 128, 3, 2, 1) → BN → LeakyReLU(0.01) → flatten 2048 → Linear(2048, 1) →
/// Sigmoid. DCGAN initialisation (<see cref="LatentNet.DcganInit"/>).
/// </summary>
internal static class DcganMnist
{
    public static NetworkDescriptor Generator { get; } = new("dcgan_mnist", a => LatentNet.DcganInit(new LatentNet("gen", new Sequential(
        new Linear(a.InputNc, 256 * 7 * 7, rng: a.InitRng), new Unflatten(256, 7, 7),
        new ConvTranspose2d(256, 128, 4, 2, 1, rng: a.InitRng), new BatchNorm2d(128), new LeakyReLU(0.01f),
        new ConvTranspose2d(128, 64, 3, 1, 1, rng: a.InitRng), new BatchNorm2d(64), new LeakyReLU(0.01f),
        new ConvTranspose2d(64, a.OutputNc, 4, 2, 1, rng: a.InitRng), new Tanh())), a.InitRng), SizeRule.Any, [], ImageSide: 28);

    public static NetworkDescriptor Discriminator { get; } = new("dcgan_mnist", a => LatentNet.DcganInit(new LatentNet("disc", new Sequential(
        new Conv2d(a.InputNc, 32, 3, 2, 1, rng: a.InitRng), new LeakyReLU(0.01f),
        new Conv2d(32, 64, 3, 2, 1, rng: a.InitRng), new BatchNorm2d(64), new LeakyReLU(0.01f),
        new Conv2d(64, 128, 3, 2, 1, rng: a.InitRng), new BatchNorm2d(128), new LeakyReLU(0.01f),
        new Flatten(), new Linear(128 * 4 * 4, 1, rng: a.InitRng), new Sigmoid())), a.InitRng), SizeRule.Any, [], ImageSide: 28);
}

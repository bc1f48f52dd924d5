using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// WGAN-GP's critic for MNIST, <c>--netD wgangp_mnist</c>: dcgan_mnist's D (GANS.md §3) without batch norm and without the
/// sigmoid (GANS.md §6): Conv(1, 32, 3, 2, 1) → LeakyReLU(0.01) → Conv(32, 64, 3, 2, 1) → InstanceNorm2d(64, affine) →
/// LeakyReLU(0.01) → Conv(64, 128, 3, 2, 1) → InstanceNorm2d(128, affine) → LeakyReLU(0.01) → flatten 2048 →
/// Linear(2048, 1): a score. Instance norm, as the common PyTorch WGAN-GP write-ups do, keeps each sample's score a
/// function of that sample alone, which the per-sample penalty needs (the paper suggests layer norm, which the
/// engine does not have yet). DCGAN initialisation.
/// </summary>
internal static class WganGpCritic
{
    public static NetworkDescriptor Critic { get; } = new("wgangp_mnist", a => LatentNet.DcganInit(new LatentNet("disc", new Sequential(
        new Conv2d(a.InputNc, 32, 3, 2, 1, rng: a.InitRng), new LeakyReLU(0.01f),
        new Conv2d(32, 64, 3, 2, 1, rng: a.InitRng), new InstanceNorm2d(64, affine: true), new LeakyReLU(0.01f),
        new Conv2d(64, 128, 3, 2, 1, rng: a.InitRng), new InstanceNorm2d(128, affine: true), new LeakyReLU(0.01f),
        new Flatten(), new Linear(128 * 4 * 4, 1, rng: a.InitRng))), a.InitRng), SizeRule.Any, [], ImageSide: 28);
}

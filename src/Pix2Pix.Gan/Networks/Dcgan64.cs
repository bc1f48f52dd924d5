using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The DCGAN paper's 64×64 networks as pytorch/examples' dcgan/main.py builds them (GANS.md §5), <c>--netG/--netD
/// dcgan_64</c>, widths from <c>--ngf</c>/<c>--ndf</c> (64). G (z as [N, nz, 1, 1]): ConvT(nz, 8ngf, 4, 1, 0) → BN → ReLU →
/// ConvT(8ngf, 4ngf, 4, 2, 1) → BN → ReLU → ConvT(4ngf, 2ngf) → BN → ReLU → ConvT(2ngf, ngf) → BN → ReLU → ConvT(ngf, nc,
/// 4, 2, 1) → Tanh. D: Conv(nc, ndf, 4, 2, 1) → LeakyReLU(0.2) → Conv(ndf, 2ndf) → BN → LeakyReLU(0.2) → … →
/// Conv(8ndf, 1, 4, 1, 0) → Sigmoid. No convolution has a bias; names <c>main.N</c> as there; DCGAN initialisation.
/// </summary>
internal static class Dcgan64
{
    public static NetworkDescriptor Generator { get; } = new("dcgan_64", a =>
    {
        int f = a.Filters;
        return LatentNet.DcganInit(new LatentNet("main", new Sequential(
            new ConvTranspose2d(a.InputNc, f * 8, 4, 1, 0, bias: false, rng: a.InitRng), new BatchNorm2d(f * 8), new ReLU(),
            new ConvTranspose2d(f * 8, f * 4, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f * 4), new ReLU(),
            new ConvTranspose2d(f * 4, f * 2, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f * 2), new ReLU(),
            new ConvTranspose2d(f * 2, f, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f), new ReLU(),
            new ConvTranspose2d(f, a.OutputNc, 4, 2, 1, bias: false, rng: a.InitRng), new Tanh()), inputShape: [a.InputNc, 1, 1]), a.InitRng);
    }, SizeRule.Any, ["ngf"], ImageSide: 64);

    public static NetworkDescriptor Discriminator { get; } = new("dcgan_64", a =>
    {
        int f = a.Filters;
        return LatentNet.DcganInit(new LatentNet("main", new Sequential(
            new Conv2d(a.InputNc, f, 4, 2, 1, bias: false, rng: a.InitRng), new LeakyReLU(0.2f),
            new Conv2d(f, f * 2, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f * 2), new LeakyReLU(0.2f),
            new Conv2d(f * 2, f * 4, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f * 4), new LeakyReLU(0.2f),
            new Conv2d(f * 4, f * 8, 4, 2, 1, bias: false, rng: a.InitRng), new BatchNorm2d(f * 8), new LeakyReLU(0.2f),
            new Conv2d(f * 8, 1, 4, 1, 0, bias: false, rng: a.InitRng), new Sigmoid())), a.InitRng);
    }, SizeRule.Any, ["ndf"], ImageSide: 64);
}

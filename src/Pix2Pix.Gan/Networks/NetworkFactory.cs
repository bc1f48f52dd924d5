using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>The reference's <c>define_G</c> / <c>define_D</c>: networks by their flag names, initialised with init_weights.</summary>
public static class NetworkFactory
{
    /// <summary>
    /// A generator by <c>--netG</c> name. Its dropout layers draw from <paramref name="dropoutRng"/> (whose state a
    /// training checkpoint saves); weights are initialised from <paramref name="initRng"/> when it is given.
    /// </summary>
    public static Module DefineG(int inputNc, int outputNc, int ngf, string netG, string norm, bool useDropout,
        string initType, float initGain, Rng? initRng, Rng? dropoutRng)
    {
        Module net = netG switch
        {
            "unet_256" => new UnetGenerator(inputNc, outputNc, 8, ngf, norm, useDropout, dropoutRng),
            "unet_128" => new UnetGenerator(inputNc, outputNc, 7, ngf, norm, useDropout, dropoutRng),
            "resnet_9blocks" => new ResnetGenerator(inputNc, outputNc, ngf, norm, useDropout, 9, dropoutRng),
            "resnet_6blocks" => new ResnetGenerator(inputNc, outputNc, ngf, norm, useDropout, 6, dropoutRng),
            _ => throw new ArgumentException($"--netG {netG} is not known; use one of: unet_256, unet_128, resnet_9blocks, resnet_6blocks.", nameof(netG)),
        };
        if (initRng is not null)
            WeightInit.Apply(net, WeightInit.Parse(initType), initGain, initRng);
        return net;
    }

    /// <summary>A discriminator by <c>--netD</c> name (basic = 3-layer PatchGAN, n_layers, pixel).</summary>
    public static Module DefineD(int inputNc, int ndf, string netD, int nLayersD, string norm, string initType, float initGain, Rng? initRng)
    {
        Module net = netD switch
        {
            "basic" => new NLayerDiscriminator(inputNc, ndf, 3, norm),
            "n_layers" => new NLayerDiscriminator(inputNc, ndf, nLayersD, norm),
            "pixel" => new PixelDiscriminator(inputNc, ndf, norm),
            _ => throw new ArgumentException($"--netD {netD} is not known; use one of: basic, n_layers, pixel.", nameof(netD)),
        };
        if (initRng is not null)
            WeightInit.Apply(net, WeightInit.Parse(initType), initGain, initRng);
        return net;
    }

    /// <summary>The side that input images must be a multiple of for a generator (U-Nets halve the image at every level).</summary>
    public static int SizeMultiple(string netG) => netG switch
    {
        "unet_256" => 256,
        "unet_128" => 128,
        _ => 4,
    };
}

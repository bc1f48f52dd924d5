using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>The reference's <c>define_G</c> / <c>define_D</c>: networks by their flag names, initialised with init_weights.</summary>
internal static class NetworkFactory
{
    /// <summary>
    /// A generator by <c>--netG</c> name (<see cref="NetworkRegistry.Generators"/>). Its dropout layers draw from
    /// <paramref name="dropoutRng"/> (whose state a training checkpoint saves); weights are initialised from
    /// <paramref name="initRng"/> when it is given.
    /// </summary>
    public static Module DefineG(int inputNc, int outputNc, int ngf, string netG, string norm, bool useDropout,
        string initType, float initGain, Rng? initRng, Rng? dropoutRng) =>
        Initialise(NetworkRegistry.Generator(netG).Build(new NetworkArgs(inputNc, outputNc, ngf, norm, useDropout, DropoutRng: dropoutRng)),
            initType, initGain, initRng);

    /// <summary>A discriminator by <c>--netD</c> name (basic = 3-layer PatchGAN, n_layers, pixel).</summary>
    public static Module DefineD(int inputNc, int ndf, string netD, int nLayersD, string norm, string initType, float initGain, Rng? initRng) =>
        Initialise(NetworkRegistry.Discriminator(netD).Build(new NetworkArgs(inputNc, 1, ndf, norm, NLayersD: nLayersD)), initType, initGain, initRng);

    private static Module Initialise(Module net, string initType, float initGain, Rng? initRng)
    {
        if (initRng is not null)
            WeightInit.Apply(net, WeightInit.Parse(initType), initGain, initRng);
        return net;
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The pix2pix generator: a U-Net of <c>numDowns</c> levels built from the innermost block outwards (unet_256 = 8,
/// unet_128 = 7), so an image of 2^numDowns pixels shrinks to 1×1 at the bottleneck. Channels: ngf, 2·ngf, 4·ngf, then
/// 8·ngf for the remaining levels; the (numDowns − 5) intermediate 8·ngf levels carry dropout when enabled.
/// </summary>
internal sealed class UnetGenerator : Module, ISizedNetwork
{
    private readonly UnetSkipConnectionBlock _model;

    public UnetGenerator(int inputNc, int outputNc, int numDowns, int ngf, string norm, bool useDropout, Rng? dropoutRng = null)
    {
        if (numDowns < 5)
            throw new ArgumentOutOfRangeException(nameof(numDowns), numDowns, "A U-Net needs at least 5 downsamplings (unet_128 has 7, unet_256 has 8).");
        NumDowns = numDowns;
        SizeRule = SizeRuleFor(numDowns);
        var block = new UnetSkipConnectionBlock(ngf * 8, ngf * 8, inputNc: null, submodule: null, outermost: false, innermost: true, norm, useDropout: false);
        for (int i = 0; i < numDowns - 5; i++)
            block = Intermediate(ngf * 8, ngf * 8, block, norm, useDropout, dropoutRng);
        block = Intermediate(ngf * 4, ngf * 8, block, norm, useDropout: false);
        block = Intermediate(ngf * 2, ngf * 4, block, norm, useDropout: false);
        block = Intermediate(ngf, ngf * 2, block, norm, useDropout: false);
        _model = RegisterModule("model", new UnetSkipConnectionBlock(outputNc, ngf, inputNc, block, outermost: true, innermost: false, norm, useDropout: false));
    }

    public int NumDowns { get; }

    /// <summary>Input sides must be multiples of 2^NumDowns (each level halves the image).</summary>
    public SizeRule SizeRule { get; }

    /// <summary>The <c>--netG</c> choice for a U-Net of <paramref name="numDowns"/> levels.</summary>
    public static NetworkDescriptor Descriptor(string name, int numDowns) => new(name,
        a => new UnetGenerator(a.InputNc, a.OutputNc, numDowns, a.Filters, a.Norm, a.UseDropout, a.DropoutRng),
        SizeRuleFor(numDowns), ["input_nc", "output_nc", "ngf", "norm", "no_dropout"]);

    public static SizeRule SizeRuleFor(int numDowns) => new(1 << numDowns, $"A U-Net with {numDowns} downsamplings");

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"A U-Net needs [N, C, H, W] input; got {input}.", nameof(input));
        SizeRule.CheckInput(input.Dim(2), input.Dim(3));
        return _model.Forward(input);
    }

    private static UnetSkipConnectionBlock Intermediate(int outerNc, int innerNc, UnetSkipConnectionBlock submodule, string norm, bool useDropout, Rng? dropoutRng = null) =>
        new(outerNc, innerNc, inputNc: null, submodule, outermost: false, innermost: false, norm, useDropout, dropoutRng);
}

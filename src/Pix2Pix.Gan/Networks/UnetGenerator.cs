using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The pix2pix generator: a U-Net of <c>numDowns</c> levels built from the innermost block outwards (unet_256 = 8,
/// unet_128 = 7), so an image of 2^numDowns pixels shrinks to 1×1 at the bottleneck. Channels: ngf, 2·ngf, 4·ngf, then
/// 8·ngf for the remaining levels; the (numDowns − 5) intermediate 8·ngf levels carry dropout when enabled.
/// </summary>
public sealed class UnetGenerator : Module
{
    private readonly UnetSkipConnectionBlock _model;

    public UnetGenerator(int inputNc, int outputNc, int numDowns, int ngf, string norm, bool useDropout, Rng? dropoutRng = null)
    {
        if (numDowns < 5)
            throw new ArgumentOutOfRangeException(nameof(numDowns), numDowns, "A U-Net needs at least 5 downsamplings (unet_128 has 7, unet_256 has 8).");
        NumDowns = numDowns;
        var block = new UnetSkipConnectionBlock(ngf * 8, ngf * 8, null, null, outermost: false, innermost: true, norm, useDropout: false);
        for (int i = 0; i < numDowns - 5; i++)
            block = new UnetSkipConnectionBlock(ngf * 8, ngf * 8, null, block, false, false, norm, useDropout, dropoutRng);
        block = new UnetSkipConnectionBlock(ngf * 4, ngf * 8, null, block, false, false, norm, false);
        block = new UnetSkipConnectionBlock(ngf * 2, ngf * 4, null, block, false, false, norm, false);
        block = new UnetSkipConnectionBlock(ngf, ngf * 2, null, block, false, false, norm, false);
        _model = RegisterModule("model", new UnetSkipConnectionBlock(outputNc, ngf, inputNc, block, outermost: true, innermost: false, norm, false));
    }

    public int NumDowns { get; }

    /// <summary>Input sides must be multiples of this (each level halves the image).</summary>
    public int SizeMultiple => 1 << NumDowns;

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Dim(2) % SizeMultiple != 0 || input.Dim(3) % SizeMultiple != 0)
            throw new ArgumentException($"A U-Net with {NumDowns} downsamplings needs [N, C, H, W] input with H and W multiples of {SizeMultiple}; got {input}. Resize or crop the image (e.g. --preprocess resize_and_crop --crop_size {SizeMultiple}).", nameof(input));
        return _model.Forward(input);
    }
}

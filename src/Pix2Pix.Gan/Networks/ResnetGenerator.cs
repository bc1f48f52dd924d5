using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// The CycleGAN generator (Johnson et al.): ReflectionPad(3) + Conv 7×7 + norm + ReLU; two stride-2 Conv 3×3 downsamplings;
/// nBlocks residual blocks; two ConvTranspose 3×3 s2 p1 op1 upsamplings; ReflectionPad(3) + Conv 7×7 + Tanh. One
/// Sequential named "model".
/// </summary>
internal sealed class ResnetGenerator : Module, ISizedNetwork
{
    /// <summary>
    /// Two stride-2 downsamplings and two upsamplings: sides must be multiples of 4 to come back to size, and at least 8,
    /// because the residual blocks reflect-pad the quarter-size image by 1 (a reflection needs a side above the pad).
    /// </summary>
    public static readonly SizeRule Sides = new(4, "A ResNet generator", minimum: 8);

    private readonly Sequential _model;

    public ResnetGenerator(int inputNc, int outputNc, int ngf, string norm, bool useDropout, int nBlocks, Rng? dropoutRng = null)
    {
        if (nBlocks < 0)
            throw new ArgumentOutOfRangeException(nameof(nBlocks), nBlocks, "The number of residual blocks must be 0 or more.");
        bool useBias = NormLayers.ConvUsesBias(norm);
        var seq = new Sequential(
            new ReflectionPad2d(3),
            new Conv2d(inputNc, ngf, 7, padding: 0, bias: useBias),
            NormLayers.Create(norm, ngf),
            new ReLU());
        for (int i = 0; i < 2; i++)
        {
            int mult = 1 << i;
            seq.Add(new Conv2d(ngf * mult, ngf * mult * 2, 3, stride: 2, padding: 1, bias: useBias));
            seq.Add(NormLayers.Create(norm, ngf * mult * 2));
            seq.Add(new ReLU());
        }
        for (int i = 0; i < nBlocks; i++)
            seq.Add(new ResnetBlock(ngf * 4, norm, useDropout, useBias, dropoutRng));
        for (int i = 0; i < 2; i++)
        {
            int mult = 1 << (2 - i);
            seq.Add(new ConvTranspose2d(ngf * mult, ngf * mult / 2, 3, stride: 2, padding: 1, outputPadding: 1, bias: useBias));
            seq.Add(NormLayers.Create(norm, ngf * mult / 2));
            seq.Add(new ReLU());
        }
        seq.Add(new ReflectionPad2d(3));
        seq.Add(new Conv2d(ngf, outputNc, 7, padding: 0));
        seq.Add(new Tanh());
        _model = RegisterModule("model", seq);
    }

    public SizeRule SizeRule => Sides;

    /// <summary>The <c>--netG</c> choice for a ResNet generator of <paramref name="nBlocks"/> residual blocks.</summary>
    public static NetworkDescriptor Descriptor(string name, int nBlocks) => new(name,
        a => new ResnetGenerator(a.InputNc, a.OutputNc, a.Filters, a.Norm, a.UseDropout, nBlocks, a.DropoutRng),
        Sides, ["input_nc", "output_nc", "ngf", "norm", "no_dropout"]);

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"A ResNet generator needs [N, C, H, W] input; got {input}.", nameof(input));
        Sides.CheckInput(input.Dim(2), input.Dim(3));
        return _model.Forward(input);
    }
}

/// <summary>x + (pad → Conv 3×3 → norm → ReLU → [Dropout 0.5] → pad → Conv 3×3 → norm)(x); the branch is "conv_block".</summary>
internal sealed class ResnetBlock : Module
{
    private readonly Sequential _convBlock;

    public ResnetBlock(int dim, string norm, bool useDropout, bool useBias, Rng? dropoutRng = null)
    {
        var seq = new Sequential(new ReflectionPad2d(1), new Conv2d(dim, dim, 3, bias: useBias), NormLayers.Create(norm, dim), new ReLU());
        if (useDropout)
            seq.Add(new Dropout(0.5f, dropoutRng));
        seq.Add(new ReflectionPad2d(1));
        seq.Add(new Conv2d(dim, dim, 3, bias: useBias));
        seq.Add(NormLayers.Create(norm, dim));
        _convBlock = RegisterModule("conv_block", seq);
    }

    public override Tensor Forward(Tensor input) => Functional.Add(input, _convBlock.Forward(input));
}

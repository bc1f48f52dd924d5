using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Networks;

/// <summary>
/// One level of the U-Net: down (LeakyReLU 0.2 → Conv 4×4 s2 p1 → norm), the inner block, up (ReLU → ConvTranspose
/// 4×4 s2 p1 → norm), and a skip that concatenates the block's input with its output on the channel axis.
/// The outermost level has a bare down conv and ends in Tanh with no skip; the innermost has no inner block and no
/// down norm. Intermediate levels may end in Dropout(0.5). Children sit in a Sequential named "model", as in PyTorch.
/// </summary>
internal sealed class UnetSkipConnectionBlock : Module
{
    private readonly Sequential _model;

    public UnetSkipConnectionBlock(int outerNc, int innerNc, int? inputNc, UnetSkipConnectionBlock? submodule,
        bool outermost, bool innermost, string norm, bool useDropout, Rng? dropoutRng = null)
    {
        Outermost = outermost;
        bool useBias = NormLayers.ConvUsesBias(norm);
        int inNc = inputNc ?? outerNc;
        var downConv = new Conv2d(inNc, innerNc, kernelSize: 4, stride: 2, padding: 1, bias: useBias);
        var layers = new List<Module>();
        if (outermost)
        {
            layers.Add(downConv);
            layers.Add(submodule ?? throw new ArgumentException("The outermost U-Net block needs an inner block.", nameof(submodule)));
            layers.Add(new ReLU());
            layers.Add(new ConvTranspose2d(innerNc * 2, outerNc, kernelSize: 4, stride: 2, padding: 1, bias: true));
            layers.Add(new Tanh());
        }
        else if (innermost)
        {
            layers.Add(new LeakyReLU(0.2f));
            layers.Add(downConv);
            layers.Add(new ReLU());
            layers.Add(new ConvTranspose2d(innerNc, outerNc, kernelSize: 4, stride: 2, padding: 1, bias: useBias));
            layers.Add(NormLayers.Create(norm, outerNc));
        }
        else
        {
            layers.Add(new LeakyReLU(0.2f));
            layers.Add(downConv);
            layers.Add(NormLayers.Create(norm, innerNc));
            layers.Add(submodule ?? throw new ArgumentException("An intermediate U-Net block needs an inner block.", nameof(submodule)));
            layers.Add(new ReLU());
            layers.Add(new ConvTranspose2d(innerNc * 2, outerNc, kernelSize: 4, stride: 2, padding: 1, bias: useBias));
            layers.Add(NormLayers.Create(norm, outerNc));
            if (useDropout)
                layers.Add(new Dropout(0.5f, dropoutRng));
        }
        _model = RegisterModule("model", new Sequential([.. layers]));
    }

    public bool Outermost { get; }

    public override Tensor Forward(Tensor input)
    {
        var output = _model.Forward(input);
        return Outermost ? output : Functional.Concat(input, output, 1);
    }
}

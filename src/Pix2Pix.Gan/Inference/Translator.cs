using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Inference;

/// <summary>
/// Runs a trained generator on image files: the file's pixels → [−1, 1] tensor → G → tensor2im → PNG. The generator
/// comes from a run folder (architecture from its options.json) or a bare .safetensors file (architecture from flags).
/// </summary>
public sealed class Translator
{
    private readonly Module _generator;
    private readonly int _inputNc;
    private readonly SizeRule _sizeRule;
    private readonly bool _eval;
    private readonly TensorArena _arena = new();

    public Translator(Module generator, int inputNc, int sizeMultiple, bool eval)
        : this(generator, inputNc, new SizeRule(sizeMultiple, "This generator"), eval)
    {
    }

    public Translator(Module generator, int inputNc, SizeRule sizeRule, bool eval)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _inputNc = inputNc;
        _sizeRule = sizeRule ?? throw new ArgumentNullException(nameof(sizeRule));
        _eval = eval;
        _generator.Train(!eval);
    }

    /// <summary>
    /// Loads a generator. <paramref name="checkpoint"/> is a run folder (weights <c>&lt;epoch&gt;_net_G</c>, or G_A/G_B
    /// by direction for CycleGAN runs) or a .safetensors file, whose architecture <paramref name="flags"/> describe.
    /// </summary>
    public static Translator Load(string checkpoint, string epoch, BaseOptions flags, ISet<string> givenFlags, bool eval)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(givenFlags);
        var network = NetworkSlot.Generator("G");
        string? file = null;
        var arch = flags;
        if (Directory.Exists(checkpoint))
        {
            var run = new RunFolder(checkpoint);
            if (!File.Exists(run.OptionsJson))
                throw new FileNotFoundException($"{checkpoint} is a folder without options.json, so it is not a run folder written by 'pix2pix train'. Pass the run folder (checkpoints/<name>) or a .safetensors file with --netG/--norm/--ngf.", run.OptionsJson);
            arch = new TrainOptions();
            run.LoadOptions(arch);
            if (givenFlags.Contains("no_dropout"))
                arch.NoDropout = flags.NoDropout;
            network = ModelRegistry.Get(arch.Model).GeneratorFor(flags.Direction);   // a CycleGAN's G_A or G_B
            file = run.NetworkFile(epoch, network.Name);
            if (!File.Exists(file))
                throw new FileNotFoundException($"{checkpoint} has no {Path.GetFileName(file)}; choose an existing checkpoint with --epoch (e.g. latest or an epoch number).", file);
        }
        else if (File.Exists(checkpoint))
        {
            file = checkpoint;
        }
        else
        {
            throw new FileNotFoundException($"Checkpoint {checkpoint} does not exist: pass a run folder (checkpoints/<name>) or a .safetensors file.", checkpoint);
        }
        int inputNc = network.InputChannels(arch), outputNc = network.OutputChannels(arch);   // a CycleGAN's G_B maps output_nc to input_nc
        var g = NetworkFactory.DefineG(inputNc, outputNc, arch.Ngf, arch.NetG, arch.Norm, !arch.NoDropout, arch.InitType, arch.InitGain, null, new Rng((ulong)flags.Seed));
        try
        {
            Checkpoint.LoadInto(file, g.StateDict());
        }
        catch (CheckpointException ex) when (!Directory.Exists(checkpoint))
        {
            throw new CheckpointException($"{ex.Message} The architecture comes from the flags (--netG {arch.NetG} --norm {arch.Norm} --ngf {arch.Ngf} --input_nc {arch.InputNc} --output_nc {arch.OutputNc}); set them to match the file.", ex);
        }
        return new Translator(g, inputNc, NetworkRegistry.Generator(arch.NetG).SizeRule, eval);
    }

    /// <summary>Translates one image; <paramref name="resize"/> scales it (bicubic) first.</summary>
    public Image Translate(Image image, string sourceName, (int Width, int Height)? resize = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = _inputNc == 1 ? ImageOps.ToGray(image) : ImageOps.ToRgb(image);
        if (resize is { } r)
            input = ImageResize.Resize(input, r.Width, r.Height, ResizeFilter.Bicubic);
        _sizeRule.CheckImage(sourceName, input.Width, input.Height);
        var tensor = new Tensor(new float[input.Channels * input.Width * input.Height], 1, input.Channels, input.Height, input.Width);
        ImageOps.ToNormalizedPlanes(input, tensor.Data);
        // Buffers are recycled from one image to the next: the result is copied into an Image before the scope ends.
        using (_arena.Enter())
        using (Autograd.NoGrad())
            return TensorImage.ToImage(_generator.Forward(tensor));
    }

    public bool EvalMode => _eval;
}

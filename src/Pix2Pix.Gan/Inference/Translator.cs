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
/// comes from a run folder (architecture from its options.json), a bare .safetensors or .pth file (architecture from
/// flags, or inferred from the weights when no architecture flag is given), or a folder holding only weights such as
/// the authors' <c>&lt;name&gt;_pretrained/latest_net_G.pth</c> (architecture inferred).
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

    /// <summary>The flags that build a generator: when none is given for a bare file, its architecture is inferred.</summary>
    public static readonly IReadOnlySet<string> ArchitectureFlags = new HashSet<string>(StringComparer.Ordinal) { "netG", "norm", "ngf", "input_nc", "output_nc" };

    /// <summary>The architecture inferred from the weights, when it was (print it: the user did not choose it).</summary>
    public GeneratorArchitecture? Inferred { get; private init; }

    /// <summary>
    /// Loads a generator. <paramref name="checkpoint"/> is a run folder (weights <c>&lt;epoch&gt;_net_G</c>, or G_A/G_B
    /// by direction for CycleGAN runs), a .safetensors or .pth file whose architecture <paramref name="flags"/>
    /// describe (or, when none of <see cref="ArchitectureFlags"/> is given, the weights), or a folder with only
    /// <c>&lt;epoch&gt;_net_G</c> weights and no options.json (architecture inferred from the weights).
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
            {
                // the authors' download layout: <name>_pretrained/latest_net_G.pth, no options
                file = run.FindNetworkFile(epoch, network.Name)
                    ?? throw new FileNotFoundException($"{checkpoint} is a folder without options.json and without {epoch}_net_G.pth or {epoch}_net_G.safetensors, so it holds no generator. "
                        + "Pass a run folder (checkpoints/<name>), a folder from 'pix2pix models download', or a weights file.", run.OptionsJson);
                return Inferring(file, flags, givenFlags, eval);
            }
            arch = new TrainOptions();
            run.LoadOptions(arch);
            if (givenFlags.Contains("no_dropout"))
                arch.NoDropout = flags.NoDropout;
            network = ModelRegistry.Get(arch.Model).GeneratorFor(flags.Direction);   // a CycleGAN's G_A or G_B
            file = run.FindNetworkFile(epoch, network.Name)
                ?? throw new FileNotFoundException($"{checkpoint} has no {Path.GetFileName(run.NetworkFile(epoch, network.Name))}; choose an existing checkpoint with --epoch (e.g. latest or an epoch number).", run.NetworkFile(epoch, network.Name));
        }
        else if (File.Exists(checkpoint))
        {
            file = checkpoint;
            if (!givenFlags.Overlaps(ArchitectureFlags))
                return Inferring(file, flags, givenFlags, eval);
        }
        else
        {
            throw new FileNotFoundException($"Checkpoint {checkpoint} does not exist: pass a run folder (checkpoints/<name>) or a .safetensors or .pth file.", checkpoint);
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

    /// <summary>A generator whose architecture comes from its weights (a U-Net's dropout from --no_dropout, as it cannot be seen).</summary>
    private static Translator Inferring(string file, BaseOptions flags, ISet<string> givenFlags, bool eval)
    {
        string full = Path.GetFullPath(file);
        StateDict weights = Checkpoint.Read(full).Tensors;
        bool? dropout = givenFlags.Contains("no_dropout") ? !flags.NoDropout : null;
        (GeneratorArchitecture arch, Module g) = GeneratorInference.Infer(weights, full, new Rng((ulong)flags.Seed), dropout);
        Checkpoint.LoadInto(weights, full, g.StateDict());
        return new Translator(g, arch.InputNc, NetworkRegistry.Generator(arch.NetG).SizeRule, eval) { Inferred = arch };
    }

    /// <summary>Which input sides the generator accepts.</summary>
    public SizeRule SizeRule => _sizeRule;

    /// <summary>
    /// True when the generator normalizes with batch statistics (BatchNorm outside eval mode): images translated in one
    /// batch would then change each other's results.
    /// </summary>
    public bool BatchStatisticsMixImages => !_eval && _generator.NamedModules().Any(m => m.Module is BatchNorm2d);

    /// <summary>Translates one image; <paramref name="resize"/> scales it (bicubic) first, <paramref name="fit"/> says what to do when its sides do not suit the generator.</summary>
    public Image Translate(Image image, string sourceName, (int Width, int Height)? resize = null, FitMode fit = FitMode.Exact) =>
        Translate([Prepare(image, sourceName, resize, fit)])[0];

    /// <summary>
    /// The generator's input for one image: its channels as the generator takes them, scaled by <paramref name="resize"/>,
    /// then fitted (<see cref="ImageFit.Fit"/>).
    /// </summary>
    /// <exception cref="ArgumentException">With <see cref="FitMode.Exact"/>, the sides do not suit the generator.</exception>
    public FittedImage Prepare(Image image, string sourceName, (int Width, int Height)? resize = null, FitMode fit = FitMode.Exact)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = _inputNc == 1 ? ImageOps.ToGray(image) : ImageOps.ToRgb(image);
        if (resize is { } r)
            input = ImageResize.Resize(input, r.Width, r.Height, ResizeFilter.Bicubic);
        return ImageFit.Fit(input, _sizeRule, fit, sourceName);
    }

    /// <summary>Translates prepared images of one size in one forward pass and brings each result back to its image's size.</summary>
    public IReadOnlyList<Image> Translate(IReadOnlyList<FittedImage> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            return [];
        var first = batch[0].Input;
        var tensor = new Tensor(new float[batch.Count * first.Channels * first.Width * first.Height], batch.Count, first.Channels, first.Height, first.Width);
        int size = first.Channels * first.Width * first.Height;
        for (int i = 0; i < batch.Count; i++)
        {
            var input = batch[i].Input;
            if (input.Width != first.Width || input.Height != first.Height || input.Channels != first.Channels)
                throw new ArgumentException($"One batch holds images of one size: image {i} is {input.Width}x{input.Height}, the first {first.Width}x{first.Height}.", nameof(batch));
            ImageOps.ToNormalizedPlanes(input, tensor.Data.AsSpan(i * size, size));
        }
        var results = new Image[batch.Count];
        // Buffers are recycled from one batch to the next: results are copied into Images before the scope ends.
        using (_arena.Enter())
        using (Autograd.NoGrad())
        {
            var output = _generator.Forward(tensor);
            for (int i = 0; i < batch.Count; i++)
                results[i] = batch[i].Restore(TensorImage.ToImage(output, i));
        }
        return results;
    }

    /// <summary>The generator's raw output for a [N, C, H, W] input in [−1, 1] (a copy that outlives the translator's arena).</summary>
    public Tensor Generate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using (_arena.Enter())
        using (Autograd.NoGrad())
            return _generator.Forward(input).Clone();
    }

    public bool EvalMode => _eval;
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
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
internal sealed class Translator
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

    /// <param name="generator">The network; with <paramref name="ownsGenerator"/> and <paramref name="eval"/>, its batch norms
    /// are folded into its convolutions (<see cref="InferenceFolding"/>), which makes it inference-only.</param>
    /// <param name="inputNc">Channels the generator takes.</param>
    /// <param name="sizeRule">Which input sides it accepts.</param>
    /// <param name="eval">Evaluation mode (batch norm with running statistics, no dropout).</param>
    /// <param name="ownsGenerator">True when nothing else uses the network (it was loaded for this translator).</param>
    public Translator(Module generator, int inputNc, SizeRule sizeRule, bool eval, bool ownsGenerator = false)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _inputNc = inputNc;
        _sizeRule = sizeRule ?? throw new ArgumentNullException(nameof(sizeRule));
        _eval = eval;
        _generator.Train(!eval);
        if (eval && ownsGenerator)
            InferenceFolding.FoldBatchNorm(_generator);
    }

    /// <summary>The architecture inferred from the weights, when it was (print it: the user did not choose it).</summary>
    public GeneratorArchitecture? Inferred { get; private init; }

    /// <summary>Loads a generator as <see cref="GeneratorLoader.Load"/> does and runs it in eval or test-time train mode.</summary>
    public static Translator Load(string checkpoint, string epoch, BaseOptions flags, ISet<string> givenFlags, bool eval)
    {
        var loaded = GeneratorLoader.Load(checkpoint, epoch, flags, givenFlags);
        return new Translator(loaded.Network, loaded.Architecture.InputNc, loaded.SizeRule, eval, ownsGenerator: true) { Inferred = loaded.Inferred ? loaded.Architecture : null };
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

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

    /// <summary>The architecture inferred from the weights, when it was (print it: the user did not choose it).</summary>
    public GeneratorArchitecture? Inferred { get; private init; }

    /// <summary>Loads a generator as <see cref="GeneratorLoader.Load"/> does and runs it in eval or test-time train mode.</summary>
    public static Translator Load(string checkpoint, string epoch, BaseOptions flags, ISet<string> givenFlags, bool eval)
    {
        var loaded = GeneratorLoader.Load(checkpoint, epoch, flags, givenFlags);
        return new Translator(loaded.Network, loaded.Architecture.InputNc, loaded.SizeRule, eval) { Inferred = loaded.Inferred ? loaded.Architecture : null };
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

using Pix2Pix.Engine;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan;

/// <summary>
/// A trained pix2pix or CycleGAN generator, loaded for translating images: the library's entry point.
/// </summary>
/// <remarks>
/// <para>Load one with <see cref="Load"/> from a run folder (<c>checkpoints/&lt;name&gt;</c>, architecture from its
/// options.json), a <c>.safetensors</c> file, a PyTorch <c>.pth</c> state dict (such as the authors' released
/// <c>latest_net_G.pth</c>), or a folder from <c>pix2pix models download</c>. For a bare file the architecture comes
/// from <see cref="GeneratorLoadOptions"/> or, when none of its architecture settings is given, from the weights.</para>
/// <para>Images are decoded and encoded with <see cref="ImageCodecs"/>. A generator is not thread-safe: use one per
/// thread, or lock around calls.</para>
/// </remarks>
/// <example>
/// <code>
/// var generator = Generator.Load("checkpoints/facades_label2photo");
/// Image photo = generator.Translate(ImageCodecs.Load("label.png"));
/// ImageCodecs.Save(photo, "photo.jpg");
/// </code>
/// </example>
public sealed class Generator
{
    private readonly Translator _translator;
    private readonly LoadedGenerator _loaded;

    private Generator(Translator translator, LoadedGenerator loaded)
    {
        _translator = translator;
        _loaded = loaded;
    }

    /// <summary>Loads a generator from a run folder, a <c>.safetensors</c> or <c>.pth</c> file, or a folder of downloaded weights.</summary>
    /// <param name="path">A run folder (<c>checkpoints/&lt;name&gt;</c>), a weights file, or a folder holding <c>&lt;epoch&gt;_net_G</c> weights.</param>
    /// <param name="options">Which epoch, which direction of a CycleGAN, the architecture of a bare file, eval or test mode; null for the defaults.</param>
    /// <returns>The generator, ready to translate.</returns>
    /// <exception cref="FileNotFoundException">The path, or the epoch's weights in it, do not exist.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or its weights do not fit the architecture; the message names the file and what to set.</exception>
    public static Generator Load(string path, GeneratorLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new GeneratorLoadOptions();
        var (flags, given) = options.ToFlags();
        var loaded = GeneratorLoader.Load(path, options.Epoch, flags, given);
        var translator = new Translator(loaded.Network, loaded.Architecture.InputNc, loaded.SizeRule, options.Eval, ownsGenerator: true);
        return new Generator(translator, loaded);
    }

    /// <summary>The generator architecture, as the reference names it: unet_256, unet_128, resnet_9blocks, resnet_6blocks, …</summary>
    public string NetG => _loaded.Architecture.NetG;

    /// <summary>The normalization layer: batch, instance or none.</summary>
    public string Norm => _loaded.Architecture.Norm;

    /// <summary>Filters in the last convolution layer (<c>--ngf</c>).</summary>
    public int Ngf => _loaded.Architecture.Ngf;

    /// <summary>Channels the generator takes: 3 (RGB) or 1 (gray). Images are converted to it before translating.</summary>
    public int InputChannels => _loaded.Architecture.InputNc;

    /// <summary>Channels of the generator's output: 3 (RGB) or 1 (gray).</summary>
    public int OutputChannels => _loaded.Architecture.OutputNc;

    /// <summary>The direction this generator translates (AtoB or BtoA), or null when nothing says (a bare file).</summary>
    public string? Direction => _loaded.Direction;

    /// <summary>True when the architecture was inferred from the weights rather than given or read from options.json.</summary>
    public bool ArchitectureInferred => _loaded.Inferred;

    /// <summary>The architecture as the <c>pix2pix</c> command's flags, e.g. <c>--netG unet_256 --norm batch --ngf 64 --input_nc 3 --output_nc 3</c>.</summary>
    public string ArchitectureFlags => _loaded.Architecture.Flags;

    /// <summary>True in eval mode (BatchNorm running statistics, no dropout); false in the reference's test mode.</summary>
    public bool Eval => _translator.EvalMode;

    /// <summary>The sides the generator accepts as input, in words (e.g. "multiples of 256" or "multiples of 4, at least 8").</summary>
    public string SizeRequirement => _loaded.SizeRule.Requirement;

    /// <summary>Whether an image of this size can be translated without fitting (<see cref="FitMode.Exact"/>).</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>True when both sides suit the generator.</returns>
    public bool Accepts(int width, int height) => _loaded.SizeRule.Fits(width) && _loaded.SizeRule.Fits(height);

    /// <summary>Translates one image; the result has the input's size.</summary>
    /// <param name="image">Any decoded image (gray, RGB or RGBA); converted to the generator's input channels.</param>
    /// <param name="fit">What to do when the image's sides do not suit the generator: pad (the default), resize, or refuse.</param>
    /// <returns>The translated image, of the input's width and height, with <see cref="OutputChannels"/> channels.</returns>
    /// <exception cref="ArgumentException">With <see cref="FitMode.Exact"/>, the sides do not suit the generator.</exception>
    public Image Translate(Image image, FitMode fit = FitMode.Pad)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _translator.Translate(image, "the image", fit: fit);
    }

    /// <summary>
    /// Translates many images, those of one size <paramref name="batchSize"/> at a time in one forward pass; results come
    /// in the order of the inputs, each of its input's size.
    /// </summary>
    /// <param name="images">The images; sizes may differ.</param>
    /// <param name="fit">What to do with sides the generator does not accept.</param>
    /// <param name="batchSize">Images per forward pass (1–64). Above 1 needs <see cref="GeneratorLoadOptions.Eval"/> when the generator uses batch normalization.</param>
    /// <returns>One translated image per input.</returns>
    /// <exception cref="ArgumentException">The batch size is out of range, or would mix images through batch statistics.</exception>
    public IReadOnlyList<Image> Translate(IEnumerable<Image> images, FitMode fit = FitMode.Pad, int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, 64);
        if (batchSize > 1 && _translator.BatchStatisticsMixImages)
            throw new ArgumentException("A batch size above 1 in test mode would normalize the images of a batch together (this generator uses batch normalization with batch statistics); load with Eval = true or translate one at a time.", nameof(batchSize));
        var results = new List<Image>();
        var pending = new List<FittedImage>(batchSize);
        int index = 0;
        foreach (var image in images)
        {
            ArgumentNullException.ThrowIfNull(image, $"{nameof(images)}[{index}]");
            var fitted = _translator.Prepare(image, $"image {index}", fit: fit);
            index++;
            if (pending.Count > 0 && (pending[0].Input.Width != fitted.Input.Width || pending[0].Input.Height != fitted.Input.Height || pending.Count == batchSize))
            {
                results.AddRange(_translator.Translate(pending));
                pending.Clear();
            }
            pending.Add(fitted);
        }
        if (pending.Count > 0)
            results.AddRange(_translator.Translate(pending));
        return results;
    }

    /// <summary>Runs the generator on a tensor, as PyTorch's <c>netG(input)</c> would.</summary>
    /// <param name="input">Shape [N, C, H, W] with C = <see cref="InputChannels"/>, values in [−1, 1], sides the generator accepts.</param>
    /// <returns>A new tensor of shape [N, <see cref="OutputChannels"/>, H, W] with values in [−1, 1].</returns>
    /// <exception cref="ArgumentException">The shape does not suit the generator.</exception>
    public Tensor Translate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Dim(1) != InputChannels)
            throw new ArgumentException($"The input is {input}, but this generator takes [N, {InputChannels}, H, W].", nameof(input));
        if (!Accepts(input.Dim(3), input.Dim(2)))
            throw new ArgumentException($"The input is {input.Dim(3)}x{input.Dim(2)}, but this generator needs sides that are {SizeRequirement}.", nameof(input));
        return _translator.Generate(input);
    }

    /// <summary>Decodes an image file, translates it and writes the result; the format follows the output's extension.</summary>
    /// <param name="inputPath">A PNG, JPEG, BMP or PPM/PGM file.</param>
    /// <param name="outputPath">A .png, .jpg/.jpeg or .bmp path (written atomically); must not be the input.</param>
    /// <param name="fit">What to do with sides the generator does not accept.</param>
    /// <exception cref="ArgumentException">The output is the input, or its extension is not a format we write.</exception>
    /// <exception cref="ImageDecodeException">The input is not a readable image.</exception>
    public void TranslateFile(string inputPath, string outputPath, FitMode fit = FitMode.Pad)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"The output {outputPath} is the input image; choose another file so the input is kept.", nameof(outputPath));
        ImageCodecs.FormatForExtension(outputPath);   // an unknown extension fails before the work
        var image = ImageCodecs.Load(inputPath);
        ImageCodecs.Save(_translator.Translate(image, inputPath, fit: fit), outputPath);
    }
}

/// <summary>How <see cref="Generator.Load"/> finds and builds a generator. Every setting is optional.</summary>
public sealed record GeneratorLoadOptions
{
    /// <summary>Which checkpoint of a run folder: <c>latest</c> (the default) or an epoch number such as <c>200</c>.</summary>
    public string Epoch { get; init; } = "latest";

    /// <summary>
    /// Eval mode: BatchNorm running statistics and no dropout, so results are repeatable. False (the default) runs the
    /// generator as the reference's test.py does without <c>--eval</c>: batch statistics and dropout on.
    /// </summary>
    public bool Eval { get; init; }

    /// <summary>AtoB or BtoA: picks a CycleGAN run's G_A or G_B; for a pix2pix run, only a label (the weights translate one way).</summary>
    public string? Direction { get; init; }

    /// <summary>Architecture of a bare weights file (<c>--netG</c>): unet_256, unet_128, resnet_9blocks, resnet_6blocks, …</summary>
    public string? NetG { get; init; }

    /// <summary>Normalization of a bare weights file (<c>--norm</c>): batch, instance or none.</summary>
    public string? Norm { get; init; }

    /// <summary>Filters in the last convolution layer of a bare weights file (<c>--ngf</c>).</summary>
    public int? Ngf { get; init; }

    /// <summary>Input channels of a bare weights file (<c>--input_nc</c>).</summary>
    public int? InputNc { get; init; }

    /// <summary>Output channels of a bare weights file (<c>--output_nc</c>).</summary>
    public int? OutputNc { get; init; }

    /// <summary>True for a generator trained with <c>--no_dropout</c> (a U-Net's dropout cannot be seen in its weights).</summary>
    public bool? NoDropout { get; init; }

    /// <summary>The options as the command-line flags the loader understands, and which of them were given.</summary>
    internal (TestOptions Flags, HashSet<string> Given) ToFlags()
    {
        var flags = new TestOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        void Set<T>(string flag, T? value, Action<T> apply) where T : struct
        {
            if (value is { } v)
            {
                apply(v);
                given.Add(flag);
            }
        }
        void SetText(string flag, string? value, string[] allowed, Action<string> apply)
        {
            if (value is null)
                return;
            if (allowed.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
                throw new ArgumentException($"{flag} is '{value}'; use one of {string.Join(", ", allowed)}.", flag);
            apply(value);
            given.Add(flag switch { nameof(NetG) => "netG", nameof(Norm) => "norm", _ => "direction" });
        }
        SetText(nameof(Direction), Direction, ["AtoB", "BtoA"], v => flags.Direction = v);
        SetText(nameof(NetG), NetG, [], v => flags.NetG = v);
        SetText(nameof(Norm), Norm, BaseOptions.Norms, v => flags.Norm = v);
        Set("ngf", Ngf, v => flags.Ngf = Positive(nameof(Ngf), v));
        Set("input_nc", InputNc, v => flags.InputNc = Channels(nameof(InputNc), v));
        Set("output_nc", OutputNc, v => flags.OutputNc = Channels(nameof(OutputNc), v));
        Set("no_dropout", NoDropout, v => flags.NoDropout = v);
        if (string.IsNullOrWhiteSpace(Epoch))
            throw new ArgumentException("Epoch is empty; use latest or an epoch number.", nameof(Epoch));
        return (flags, given);
    }

    private static int Positive(string name, int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");

    private static int Channels(string name, int value) =>
        value is 1 or 3 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be 1 (gray) or 3 (RGB).");
}

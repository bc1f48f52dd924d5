namespace Pix2Pix.Gan.Data;

/// <summary>The reference's <c>--dataset_mode</c>: how a data folder is laid out.</summary>
internal enum DatasetMode
{
    /// <summary><c>aligned</c>: <c>dataroot/phase/*</c>, each image holding A|B side by side.</summary>
    Aligned,

    /// <summary><c>unaligned</c>: <c>dataroot/phaseA</c> and <c>dataroot/phaseB</c>, unpaired.</summary>
    Unaligned,

    /// <summary><c>single</c>: every image under <c>dataroot</c>, A only (test/translate).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The reference's mode name.")]
    Single,

    /// <summary><c>colorization</c>: RGB images under <c>dataroot/phase</c>, A = L channel, B = ab channels.</summary>
    Colorization,

    /// <summary><c>mnist</c>: MNIST / Fashion-MNIST IDX files under <c>dataroot</c>; A = the digit, B = its label.</summary>
    Mnist,

    /// <summary><c>labeled</c>: class folders <c>dataroot/&lt;class&gt;/*</c> (torchvision's ImageFolder); A = the image, B = its class.</summary>
    Labeled,
}

/// <summary>The reference's <c>--direction</c>. As in the reference, datasets always return A and B as stored;
/// the model picks <c>real_A = AtoB ? A : B</c>. Only the channel counts (input_nc/output_nc) follow the direction here.</summary>
internal enum Direction
{
    AtoB,
    BtoA,
}

/// <summary>The reference's <c>--preprocess</c>.</summary>
internal enum PreprocessMode
{
    /// <summary><c>resize_and_crop</c>: bicubic resize to load_size × load_size, then a random crop_size crop.</summary>
    ResizeAndCrop,

    /// <summary><c>crop</c>: a random crop_size crop of the image as loaded.</summary>
    Crop,

    /// <summary><c>scale_width</c>: width → load_size keeping the aspect (height at least crop_size).</summary>
    ScaleWidth,

    /// <summary><c>scale_width_and_crop</c>: scale_width, then a random crop_size crop.</summary>
    ScaleWidthAndCrop,

    /// <summary><c>none</c>: only round each side to the nearest multiple of 4 (bicubic).</summary>
    None,
}

/// <summary>Converts between the reference's flag spellings and the enums, with errors that list what is allowed.</summary>
internal static class DataModeNames
{
    private static readonly string[] DatasetModeNames = ["aligned", "unaligned", "single", "colorization", "mnist", "labeled"];
    private static readonly string[] PreprocessNames = ["resize_and_crop", "crop", "scale_width", "scale_width_and_crop", "none"];
    private static readonly string[] DirectionNames = ["AtoB", "BtoA"];

    public static IReadOnlyList<string> AllDatasetModes => DatasetModeNames;

    public static IReadOnlyList<string> AllPreprocessModes => PreprocessNames;

    public static IReadOnlyList<string> AllDirections => DirectionNames;

    public static string Name(DatasetMode mode) => DatasetModeNames[(int)mode];

    public static string Name(PreprocessMode mode) => PreprocessNames[(int)mode];

    public static string Name(Direction direction) => DirectionNames[(int)direction];

    public static DatasetMode ParseDatasetMode(string name) =>
        (DatasetMode)IndexOf(DatasetModeNames, name, "--dataset_mode", ignoreCase: false);

    public static PreprocessMode ParsePreprocess(string name) =>
        (PreprocessMode)IndexOf(PreprocessNames, name, "--preprocess", ignoreCase: false);

    /// <summary>Accepts AtoB/BtoA in any case (the reference compares exactly; case slips are common on the command line).</summary>
    public static Direction ParseDirection(string name) =>
        (Direction)IndexOf(DirectionNames, name, "--direction", ignoreCase: true);

    private static int IndexOf(string[] names, string name, string flag, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(name);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, comparison))
                return i;
        }
        throw new DataException($"Unknown {flag} '{name}'. Use one of: {string.Join(", ", names)}.");
    }
}

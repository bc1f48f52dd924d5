using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's <c>colorization</c> mode: RGB images under <c>dataroot/phase</c> are preprocessed and flipped as
/// RGB, converted to CIE Lab (skimage's rgb2lab), and split into A = L/50 − 1 ([1, H, W]) and B = ab/110 ([2, H, W]).
/// </summary>
internal sealed class ColorizationDataset : IImageDataset
{
    private readonly DataOptions _options;

    public ColorizationDataset(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Folder = Path.Join(options.DataRoot, options.Phase);
        Paths = DatasetFolders.ScanOrThrow(Folder, options);
    }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public bool HasB => true;

    public DataSample GetItem(int index, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string path = Paths[index];
        Image image = DataImaging.LoadRgb(path);
        var parameters = TransformParams.Draw(_options, image.Width, image.Height, random);
        image = ImageTransform.Apply(image, _options, parameters, grayscale: false);
        float[] lab = DataImaging.RgbToLab(image);
        (float[] l, float[] ab) = SplitLab(lab, image.Width * image.Height);
        return new DataSample(new Tensor(l, 1, image.Height, image.Width), new Tensor(ab, 2, image.Height, image.Width), path, path);
    }

    /// <summary>HWC Lab → (L/50 − 1, [a, b]/110) as channel planes, in float32 as the reference computes them.</summary>
    public static (float[] L, float[] AB) SplitLab(ReadOnlySpan<float> lab, int pixels)
    {
        if (lab.Length != pixels * 3)
            throw new ArgumentException($"Expected {pixels * 3} Lab values for {pixels} pixels, got {lab.Length}.", nameof(lab));
        float[] l = new float[pixels];
        float[] ab = new float[2 * pixels];
        for (int i = 0; i < pixels; i++)
        {
            l[i] = lab[3 * i] / 50f - 1f;
            ab[i] = lab[3 * i + 1] / 110f;
            ab[pixels + i] = lab[3 * i + 2] / 110f;
        }
        return (l, ab);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's <c>aligned</c> mode: images under <c>dataroot/phase</c> hold A (left half) and B (right half);
/// both halves get the same crop and flip. A is converted to gray when its channel count
/// (<see cref="DataOptions.ChannelsA"/>) is 1, B likewise.
/// </summary>
internal sealed class AlignedDataset : IImageDataset
{
    private readonly DataOptions _options;

    public AlignedDataset(DataOptions options)
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
        Image ab = DataImaging.LoadRgb(path);
        (Image a, Image b) = SplitHalves(ab, path);
        var parameters = TransformParams.Draw(_options, a.Width, a.Height, random);
        Tensor ta = ToTensor(ImageTransform.Apply(a, _options, parameters, grayscale: _options.ChannelsA == 1));
        Tensor tb = ToTensor(ImageTransform.Apply(b, _options, parameters, grayscale: _options.ChannelsB == 1));
        return new DataSample(ta, tb, path, path);
    }

    /// <summary>Splits an A|B image at half its width; an odd width is an error (the halves would differ).</summary>
    public static (Image A, Image B) SplitHalves(Image ab, string path)
    {
        ArgumentNullException.ThrowIfNull(ab);
        if (ab.Width % 2 != 0 || ab.Width < 2)
            throw new DataException(
                $"'{path}' is {ab.Width}x{ab.Height} pixels; --dataset_mode aligned needs an even width holding A and B side by side (A|B). " +
                "Rebuild the pair with `pix2pix datasets combine`, or use --dataset_mode single for unpaired images.");
        int half = ab.Width / 2;
        return (ImageOps.Crop(ab, 0, 0, half, ab.Height), ImageOps.Crop(ab, half, 0, half, ab.Height));
    }

    internal static Tensor ToTensor(Image image) =>
        new(ImageTransform.ToTensorData(image), image.Channels, image.Height, image.Width);
}

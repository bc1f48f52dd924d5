using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's <c>single</c> mode (used by test/translate): every image under <c>dataroot</c>, A only,
/// gray when <see cref="DataOptions.ChannelsA"/> is 1.
/// </summary>
internal sealed class SingleDataset : IImageDataset
{
    private readonly DataOptions _options;

    public SingleDataset(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Folder = options.DataRoot;
        Paths = DatasetFolders.ScanOrThrow(Folder, options);
    }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public bool HasB => false;

    public DataSample GetItem(int index, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string path = Paths[index];
        return new DataSample(DataImaging.LoadTransformed(path, _options, _options.ChannelsA, random), null, path, null);
    }
}

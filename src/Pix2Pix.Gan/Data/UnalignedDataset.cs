using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's <c>unaligned</c> mode: A from <c>dataroot/phaseA</c>, B from <c>dataroot/phaseB</c>; the length is
/// max(|A|, |B|); A = index mod |A|; B is drawn at random unless serial_batches (then index mod |B|). A and B get
/// independent crops and flips.
/// </summary>
internal sealed class UnalignedDataset : IImageDataset
{
    private readonly DataOptions _options;

    public UnalignedDataset(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        FolderA = Path.Join(options.DataRoot, options.Phase + "A");
        FolderB = Path.Join(options.DataRoot, options.Phase + "B");
        PathsA = DatasetFolders.ScanOrThrow(FolderA, options);
        PathsB = DatasetFolders.ScanOrThrow(FolderB, options);
    }

    public string FolderA { get; }

    public string FolderB { get; }

    public IReadOnlyList<string> PathsA { get; }

    public IReadOnlyList<string> PathsB { get; }

    public int Count => Math.Max(PathsA.Count, PathsB.Count);

    public bool HasB => true;

    public DataSample GetItem(int index, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        string pathA = PathsA[index % PathsA.Count];
        int indexB = _options.SerialBatches ? index % PathsB.Count : random.NextInclusive(0, PathsB.Count - 1);
        string pathB = PathsB[indexB];
        return new DataSample(Load(pathA, _options.ChannelsA, random), Load(pathB, _options.ChannelsB, random), pathA, pathB);
    }

    private Tensor Load(string path, int channels, DataRandom random) => DataImaging.LoadTransformed(path, _options, channels, random);
}

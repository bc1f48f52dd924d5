namespace Pix2Pix.Gan.Downloads;

/// <summary>Which of the authors' two collections a dataset comes from; fixes the archive type and URL.</summary>
internal enum DatasetSource
{
    /// <summary>Paired A|B datasets as <c>NAME.tar.gz</c> under <c>/pix2pix/datasets/</c>.</summary>
    Pix2Pix,

    /// <summary>Unpaired trainA/trainB datasets as <c>NAME.zip</c> under <c>/cyclegan/datasets/</c>.</summary>
    CycleGan,

    /// <summary>
    /// MNIST-style datasets: four gzipped IDX files from their own mirrors, kept gzipped (<c>--dataset_mode mnist</c>
    /// reads .gz) and each checked against its published MD5.
    /// </summary>
    Idx,
}

/// <summary>One file of an <see cref="DatasetSource.Idx"/> dataset and the MD5 its publishers list for it.</summary>
internal sealed record IdxResource(string FileName, string Md5);

/// <summary>One downloadable dataset: its name, collection, and whether it must be fetched by hand.</summary>
internal sealed record DatasetEntry(string Name, DatasetSource Source, bool Manual = false)
{
    /// <summary>For <see cref="DatasetSource.Idx"/>: the official folders holding the files, tried in order.</summary>
    public IReadOnlyList<string> Mirrors { get; init; } = [];

    /// <summary>For <see cref="DatasetSource.Idx"/>: the files and their published MD5s.</summary>
    public IReadOnlyList<IdxResource> Files { get; init; } = [];

    /// <summary>
    /// Where to fetch <paramref name="fileName"/> of an <see cref="DatasetSource.Idx"/> dataset: the official mirrors
    /// when <paramref name="baseUrl"/> is the authors' server (which does not hold them), else
    /// <c>BASE/NAME/FILE</c> on the given mirror or test server.
    /// </summary>
    public IReadOnlyList<Uri> FileUrls(string fileName, string baseUrl) =>
        string.Equals(baseUrl.TrimEnd('/'), DatasetCatalog.DefaultBaseUrl, StringComparison.OrdinalIgnoreCase)
            ? Mirrors.Select(m => new Uri(m.TrimEnd('/') + "/" + fileName)).ToArray()
            : [new Uri($"{baseUrl.TrimEnd('/')}/{Name}/{fileName}")];

    public string ArchiveExtension => Source == DatasetSource.Pix2Pix ? ".tar.gz" : ".zip";

    public string FileName => Name + ArchiveExtension;

    /// <summary>The archive's address under <paramref name="baseUrl"/> (e.g. http://efrosgans.eecs.berkeley.edu).</summary>
    public Uri Url(string baseUrl)
    {
        string folder = Source == DatasetSource.Pix2Pix ? "pix2pix" : "cyclegan";
        return new Uri($"{baseUrl.TrimEnd('/')}/{folder}/datasets/{FileName}");
    }
}

/// <summary>
/// The official datasets of the reference (<c>datasets/download_pix2pix_dataset.sh</c> and
/// <c>download_cyclegan_dataset.sh</c>). Some names (facades, maps, cityscapes) exist in both collections; the
/// pix2pix one is the default, and the CycleGAN one is chosen with <see cref="DatasetSource.CycleGan"/>.
/// </summary>
internal static class DatasetCatalog
{
    /// <summary>The authors' server; both collections live under it.</summary>
    public const string DefaultBaseUrl = "http://efrosgans.eecs.berkeley.edu";

    /// <summary>Environment variable that overrides <see cref="DefaultBaseUrl"/> (a mirror, or a test server).</summary>
    public const string BaseUrlVariable = "PIX2PIX_DATASETS_URL";

    /// <summary>Instructions the reference prints for Cityscapes, which may not be redistributed.</summary>
    public const string CityscapesInstructions =
        "Cityscapes cannot be downloaded automatically because of its license. Register at https://www.cityscapes-dataset.com, " +
        "download gtFine_trainvaltest.zip and leftImg8bit_trainvaltest.zip, and combine them into A|B pairs as the reference's " +
        "datasets/prepare_cityscapes_dataset.py does (then `pix2pix datasets combine` can build the side-by-side images).";

    public static IReadOnlyList<DatasetEntry> Pix2Pix { get; } =
    [
        new("facades", DatasetSource.Pix2Pix),
        new("cityscapes", DatasetSource.Pix2Pix, Manual: true),
        new("maps", DatasetSource.Pix2Pix),
        new("edges2shoes", DatasetSource.Pix2Pix),
        new("edges2handbags", DatasetSource.Pix2Pix),
        new("night2day", DatasetSource.Pix2Pix),
    ];

    public static IReadOnlyList<DatasetEntry> CycleGan { get; } =
    [
        new("apple2orange", DatasetSource.CycleGan),
        new("summer2winter_yosemite", DatasetSource.CycleGan),
        new("horse2zebra", DatasetSource.CycleGan),
        new("monet2photo", DatasetSource.CycleGan),
        new("cezanne2photo", DatasetSource.CycleGan),
        new("ukiyoe2photo", DatasetSource.CycleGan),
        new("vangogh2photo", DatasetSource.CycleGan),
        new("maps", DatasetSource.CycleGan),
        new("cityscapes", DatasetSource.CycleGan, Manual: true),
        new("facades", DatasetSource.CycleGan),
        new("iphone2dslr_flower", DatasetSource.CycleGan),
        new("ae_photos", DatasetSource.CycleGan),
        new("mini", DatasetSource.CycleGan),
        new("mini_pix2pix", DatasetSource.CycleGan),
        new("mini_colorization", DatasetSource.CycleGan),
    ];

    /// <summary>
    /// MNIST and Fashion-MNIST with torchvision's mirrors and MD5s (<c>torchvision/datasets/mnist.py</c>, classes
    /// <c>MNIST</c> and <c>FashionMNIST</c>), for <c>--dataset_mode mnist</c>.
    /// </summary>
    public static IReadOnlyList<DatasetEntry> Idx { get; } =
    [
        new("mnist", DatasetSource.Idx)
        {
            Mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
            Files =
            [
                new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
                new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
                new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            ],
        },
        new("fashion_mnist", DatasetSource.Idx)
        {
            Mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
            Files =
            [
                new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
            ],
        },
    ];

    /// <summary>Every distinct name, pix2pix collection first, MNIST-style last.</summary>
    public static IReadOnlyList<string> Names { get; } =
        Pix2Pix.Concat(CycleGan).Concat(Idx).Select(e => e.Name).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Finds <paramref name="name"/> (case-sensitive, as the reference). With no <paramref name="source"/> the
    /// pix2pix collection wins for names in both. Throws <see cref="DatasetDownloadException"/> listing the valid
    /// names when there is no such dataset.
    /// </summary>
    public static DatasetEntry Find(string name, DatasetSource? source = null)
    {
        IEnumerable<DatasetEntry> candidates = source switch
        {
            DatasetSource.Pix2Pix => Pix2Pix,
            DatasetSource.CycleGan => CycleGan,
            DatasetSource.Idx => Idx,
            _ => Pix2Pix.Concat(CycleGan).Concat(Idx),
        };
        var entry = candidates.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        if (entry is not null)
            return entry;
        var list = source switch
        {
            DatasetSource.Pix2Pix => Pix2Pix.Select(e => e.Name),
            DatasetSource.CycleGan => CycleGan.Select(e => e.Name),
            DatasetSource.Idx => Idx.Select(e => e.Name),
            _ => Names,
        };
        string collection = source is null ? "" : $" in the {source} collection";
        throw new DatasetDownloadException(
            $"Unknown dataset '{name}'{collection}. Available datasets are: {string.Join(", ", list)}.");
    }
}

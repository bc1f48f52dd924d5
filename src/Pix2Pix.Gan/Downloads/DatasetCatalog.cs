namespace Pix2Pix.Gan.Downloads;

/// <summary>Which of the authors' two collections a dataset comes from; fixes the archive type and URL.</summary>
public enum DatasetSource
{
    /// <summary>Paired A|B datasets as <c>NAME.tar.gz</c> under <c>/pix2pix/datasets/</c>.</summary>
    Pix2Pix,

    /// <summary>Unpaired trainA/trainB datasets as <c>NAME.zip</c> under <c>/cyclegan/datasets/</c>.</summary>
    CycleGan,
}

/// <summary>One downloadable dataset: its name, collection, and whether it must be fetched by hand.</summary>
public sealed record DatasetEntry(string Name, DatasetSource Source, bool Manual = false)
{
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
public static class DatasetCatalog
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

    /// <summary>Every distinct name, pix2pix collection first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        Pix2Pix.Concat(CycleGan).Select(e => e.Name).Distinct(StringComparer.Ordinal).ToArray();

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
            _ => Pix2Pix.Concat(CycleGan),
        };
        var entry = candidates.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        if (entry is not null)
            return entry;
        var list = source switch
        {
            DatasetSource.Pix2Pix => Pix2Pix.Select(e => e.Name),
            DatasetSource.CycleGan => CycleGan.Select(e => e.Name),
            _ => Names,
        };
        string collection = source is null ? "" : $" in the {source} collection";
        throw new DatasetDownloadException(
            $"Unknown dataset '{name}'{collection}. Available datasets are: {string.Join(", ", list)}.");
    }
}

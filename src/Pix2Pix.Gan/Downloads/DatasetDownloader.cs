namespace Pix2Pix.Gan.Downloads;

/// <summary>
/// Downloads an official dataset archive and unpacks it to <c>DIR/NAME</c>, as the reference's
/// <c>download_*_dataset.sh</c> scripts do: the archive goes to a temporary file inside DIR, is unpacked into a
/// hidden staging folder (so a failure leaves no half-written dataset), moved into place, and deleted.
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpFetcher _fetcher;

    public DatasetDownloader(TimeSpan? connectTimeout = null) =>
        _fetcher = new HttpFetcher(connectTimeout, (message, inner) => inner is null
            ? new DatasetDownloadException(message) : new DatasetDownloadException(message, inner));

    /// <summary>
    /// Fetches <paramref name="entry"/> from <paramref name="baseUrl"/> into <paramref name="datasetsDir"/>; returns
    /// the dataset's folder. Throws <see cref="DatasetDownloadException"/> with advice on every failure.
    /// </summary>
    public async Task<string> DownloadAsync(DatasetEntry entry, string datasetsDir, string baseUrl,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (entry.Manual)
            throw new DatasetDownloadException(DatasetCatalog.CityscapesInstructions);
        string dir = Path.GetFullPath(datasetsDir);
        string target = Path.Combine(dir, entry.Name);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new DatasetDownloadException($"{target} already exists and is not empty. Delete or rename it to download '{entry.Name}' again.");
        if (File.Exists(target))
            throw new DatasetDownloadException($"{target} is a file; move it away to download '{entry.Name}' there.");

        Uri url = entry.Url(baseUrl);
        bool createdDir = !Directory.Exists(dir);
        Directory.CreateDirectory(dir);
        bool done = false;
        string token = Guid.NewGuid().ToString("N")[..8];
        string archive = Path.Combine(dir, $".{entry.FileName}.{token}.download");
        string staging = Path.Combine(dir, $".{entry.Name}.{token}.extracting");
        try
        {
            string manual = $"You can download {url} by hand, unpack it, and place the folder at {target}.";
            await _fetcher.FetchAsync(url, archive, manual, progress, cancellationToken).ConfigureAwait(false);
            if (entry.Source == DatasetSource.Pix2Pix)
                SafeArchiveExtractor.ExtractTarGz(archive, staging);
            else
                SafeArchiveExtractor.ExtractZip(archive, staging);
            MoveIntoPlace(staging, target, entry.Name);
            done = true;
            return target;
        }
        finally
        {
            File.Delete(archive);
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            if (!done && createdDir && !Directory.EnumerateFileSystemEntries(dir).Any())
                Directory.Delete(dir);
        }
    }

    /// <summary>
    /// An archive holding one top-level folder (as all official ones do) becomes <paramref name="target"/>;
    /// anything else is moved in as a whole.
    /// </summary>
    private static void MoveIntoPlace(string staging, string target, string name)
    {
        var dirs = Directory.GetDirectories(staging);
        var files = Directory.GetFiles(staging);
        if (dirs.Length == 0 && files.Length == 0)
            throw new DatasetDownloadException($"The archive for '{name}' is empty. Delete it and try again, or download it by hand.");
        string source = dirs.Length == 1 && files.Length == 0 ? dirs[0] : staging;
        if (Directory.Exists(target))
            Directory.Delete(target); // known to be empty
        Directory.Move(source, target);
    }

    public void Dispose() => _fetcher.Dispose();
}

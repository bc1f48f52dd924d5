namespace Pix2Pix.Gan.Downloads;

/// <summary>
/// Downloads an official dataset archive and unpacks it to <c>DIR/NAME</c>, as the reference's
/// <c>download_*_dataset.sh</c> scripts do: the archive goes to a temporary file inside DIR, is unpacked into a
/// hidden staging folder (so a failure leaves no half-written dataset), moved into place, and deleted. MNIST-style
/// datasets (<see cref="DatasetSource.Idx"/>) are four gzipped files, each fetched into the staging folder from the
/// first mirror that delivers it with its published MD5, and the folder moved into place once all four are there.
/// </summary>
internal sealed class DatasetDownloader : IDisposable
{
    private readonly HttpFetcher _fetcher;

    public DatasetDownloader(TimeSpan? connectTimeout = null) =>
        _fetcher = new HttpFetcher(connectTimeout, (message, inner) => inner is null
            ? new DatasetDownloadException(message) : new DatasetDownloadException(message, inner));

    /// <summary>Told "Downloading URL" before each file, and why a mirror failed before the next is tried.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>True when <c>DIR/NAME</c> already holds every file of an <see cref="DatasetSource.Idx"/> dataset.</summary>
    public static bool IsPresent(DatasetEntry entry, string datasetsDir)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string target = Path.Combine(Path.GetFullPath(datasetsDir), entry.Name);
        return entry.Source == DatasetSource.Idx && entry.Files.All(f => File.Exists(Path.Combine(target, f.FileName)));
    }

    /// <summary>
    /// Fetches <paramref name="entry"/> from <paramref name="baseUrl"/> into <paramref name="datasetsDir"/>; returns
    /// the dataset's folder. An <see cref="DatasetSource.Idx"/> dataset whose files are all present is left as it
    /// is (see <see cref="IsPresent"/>). Throws <see cref="DatasetDownloadException"/> with advice on every failure.
    /// </summary>
    public async Task<string> DownloadAsync(DatasetEntry entry, string datasetsDir, string baseUrl,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (entry.Manual)
            throw new DatasetDownloadException(DatasetCatalog.CityscapesInstructions);
        string dir = Path.GetFullPath(datasetsDir);
        string target = Path.Combine(dir, entry.Name);
        if (IsPresent(entry, datasetsDir))
            return target;
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new DatasetDownloadException($"{target} already exists and is not empty. Delete or rename it to download '{entry.Name}' again.");
        if (File.Exists(target))
            throw new DatasetDownloadException($"{target} is a file; move it away to download '{entry.Name}' there.");

        if (entry.Source == DatasetSource.Idx)
            return await DownloadIdxAsync(entry, dir, target, baseUrl, progress, cancellationToken).ConfigureAwait(false);
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
            Log?.Invoke($"Downloading {url}");
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

    private async Task<string> DownloadIdxAsync(DatasetEntry entry, string dir, string target, string baseUrl,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        bool createdDir = !Directory.Exists(dir);
        Directory.CreateDirectory(dir);
        bool done = false;
        string staging = Path.Combine(dir, $".{entry.Name}.{Guid.NewGuid().ToString("N")[..8]}.downloading");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in entry.Files)
                await FetchVerifiedAsync(entry, file, Path.Combine(staging, file.FileName), target, baseUrl, progress, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(target))
                Directory.Delete(target); // known to be empty
            Directory.Move(staging, target);
            done = true;
            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            if (!done && createdDir && !Directory.EnumerateFileSystemEntries(dir).Any())
                Directory.Delete(dir);
        }
    }

    /// <summary>Tries each URL of <paramref name="file"/> in turn; the last failure is raised when none delivers it intact.</summary>
    private async Task FetchVerifiedAsync(DatasetEntry entry, IdxResource file, string destination, string target, string baseUrl,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var urls = entry.FileUrls(file.FileName, baseUrl);
        string manual = $"You can download {string.Join(", ", entry.Files.Select(f => f.FileName))} by hand from "
            + $"{string.Join(" or ", urls.Select(u => u.GetLeftPart(UriPartial.Path)[..^file.FileName.Length]))} and place them, still gzipped, in {target}.";
        for (int i = 0; i < urls.Count; i++)
        {
            try
            {
                Log?.Invoke($"Downloading {urls[i]}");
                await _fetcher.FetchAsync(urls[i], destination, manual, progress, cancellationToken).ConfigureAwait(false);
                string actual = Md5.OfFile(destination);
                if (!string.Equals(actual, file.Md5, StringComparison.OrdinalIgnoreCase))
                    throw new DatasetDownloadException($"{urls[i]} has MD5 {actual}, not the published {file.Md5}: the download is damaged or the server holds other files. Try again, or another mirror with --base_url. {manual}");
                return;
            }
            catch (DatasetDownloadException ex) when (i < urls.Count - 1)
            {
                File.Delete(destination);
                Log?.Invoke($"{ex.Message.Split(". ")[0]}. Trying the next mirror.");
            }
            catch
            {
                File.Delete(destination);
                throw;
            }
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

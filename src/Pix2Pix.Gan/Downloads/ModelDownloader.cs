namespace Pix2Pix.Gan.Downloads;

/// <summary>Where a pretrained model is, and whether this call fetched it or found it already there.</summary>
internal sealed record ModelDownloadResult(string Path, bool AlreadyPresent);

/// <summary>
/// Downloads a released generator to <c>DIR/NAME_pretrained/latest_net_G.pth</c>, as the reference's
/// <c>download_*_model.sh</c> scripts do. The body goes to a hidden temporary file beside the target and is renamed
/// into place only when it is complete and looks like a PyTorch file, so the target is either absent or whole.
/// </summary>
internal sealed class ModelDownloader : IDisposable
{
    private readonly HttpFetcher _fetcher;

    public ModelDownloader(TimeSpan? connectTimeout = null) =>
        _fetcher = new HttpFetcher(connectTimeout, (message, inner) => inner is null
            ? new ModelDownloadException(message) : new ModelDownloadException(message, inner));

    /// <summary>
    /// Fetches <paramref name="model"/> from <paramref name="baseUrl"/> into <paramref name="checkpointsDir"/>, unless
    /// a PyTorch file is already there. Throws <see cref="ModelDownloadException"/> with advice on every failure.
    /// </summary>
    public async Task<ModelDownloadResult> DownloadAsync(PretrainedModel model, string checkpointsDir, string baseUrl,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string target = model.PathIn(checkpointsDir);
        string runDir = Path.GetDirectoryName(target)!;
        if (File.Exists(target))
        {
            if (PyTorchFile.Looks(target))
                return new ModelDownloadResult(target, AlreadyPresent: true);
            throw new ModelDownloadException(
                $"{target} exists but is not a PyTorch file (a failed download by another tool?). Delete it and run the command again.");
        }
        if (Directory.Exists(target))
            throw new ModelDownloadException($"{target} is a folder; move it away to download '{model.Name}' there.");

        Uri url = model.Url(baseUrl);
        string? firstCreated = OutermostMissing(runDir);
        Directory.CreateDirectory(runDir);
        bool done = false;
        string temporary = Path.Combine(runDir, $".{PretrainedModel.FileName}.{Guid.NewGuid().ToString("N")[..8]}.download");
        try
        {
            string manual = $"You can download {url} by hand and save it as {target}.";
            await _fetcher.FetchAsync(url, temporary, manual, progress, cancellationToken).ConfigureAwait(false);
            if (!PyTorchFile.Looks(temporary))
                throw new ModelDownloadException(
                    $"The server returned something other than a PyTorch file for {url} ({PyTorchFile.Describe(temporary)}); " +
                    $"nothing was saved. Check the name and --base_url. {manual}");
            File.Move(temporary, target, overwrite: false);
            done = true;
            return new ModelDownloadResult(target, AlreadyPresent: false);
        }
        finally
        {
            File.Delete(temporary);
            if (!done && firstCreated is not null)
                DeleteEmptyFolders(runDir, firstCreated);
        }
    }

    /// <summary>The outermost of <paramref name="dir"/> and its parents that does not exist yet; null when it exists.</summary>
    private static string? OutermostMissing(string dir)
    {
        string? missing = null;
        for (string? d = dir; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
            missing = d;
        return missing;
    }

    /// <summary>Removes the folders this call created, innermost first, as long as they are empty.</summary>
    private static void DeleteEmptyFolders(string runDir, string firstCreated)
    {
        for (string? dir = runDir; dir is not null && dir.Length >= firstCreated.Length; dir = Path.GetDirectoryName(dir))
        {
            if (!Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any())
                return;
            Directory.Delete(dir);
        }
    }

    public void Dispose() => _fetcher.Dispose();
}

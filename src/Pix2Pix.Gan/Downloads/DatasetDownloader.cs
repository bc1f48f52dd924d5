using System.Net.Sockets;

namespace Pix2Pix.Gan.Downloads;

/// <summary>Bytes received so far and the total when the server announced it.</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);

/// <summary>
/// Downloads an official dataset archive and unpacks it to <c>DIR/NAME</c>, as the reference's
/// <c>download_*_dataset.sh</c> scripts do: the archive goes to a temporary file inside DIR, is unpacked into a
/// hidden staging folder (so a failure leaves no half-written dataset), moved into place, and deleted.
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpClient _http;

    public DatasetDownloader(TimeSpan? connectTimeout = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(15) };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("pix2pix-dotnet");
    }

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
            await FetchAsync(url, archive, target, progress, cancellationToken).ConfigureAwait(false);
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

    private async Task FetchAsync(Uri url, string archive, string target, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        string manual = $"You can download {url} by hand, unpack it, and place the folder at {target}.";
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new DatasetDownloadException($"The server answered {(int)response.StatusCode} ({response.ReasonPhrase}) for {url}. Check the name and --base_url. {manual}");
            long? total = response.Content.Headers.ContentLength;
            using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long received = 0;
            progress?.Report(new DownloadProgress(0, total));
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                received += n;
                progress?.Report(new DownloadProgress(received, total));
            }
            if (total is long expected && received != expected)
                throw new DatasetDownloadException($"The download of {url} stopped after {received} of {expected} bytes. Try again; {manual}");
        }
        catch (HttpRequestException ex)
        {
            throw new DatasetDownloadException($"Could not reach {url.Host}:{url.Port} ({Reason(ex)}). This machine may have no internet access, or the server may be down. {manual}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DatasetDownloadException($"Connecting to {url.Host}:{url.Port} timed out. This machine may have no internet access. {manual}", ex);
        }
        catch (IOException ex) when (ex.InnerException is SocketException or HttpRequestException)
        {
            throw new DatasetDownloadException($"The connection to {url.Host} broke during the download ({ex.Message}). Try again; {manual}", ex);
        }
    }

    private static string Reason(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
            SocketError.TimedOut => "timed out",
            _ => socket.Message,
        } : ex.Message;

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

    public void Dispose() => _http.Dispose();
}

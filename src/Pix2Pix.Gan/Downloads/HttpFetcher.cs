using System.Net.Sockets;

namespace Pix2Pix.Gan.Downloads;

/// <summary>
/// The one HTTP GET behind every download: streams a URL into a new file with progress, checks the announced
/// length, and turns network failures into messages that name the server and say how to fetch the file by hand.
/// Failures are raised through <c>fail</c>, so each downloader keeps its own exception type.
/// </summary>
internal sealed class HttpFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<string, Exception?, DownloadException> _fail;

    public HttpFetcher(TimeSpan? connectTimeout, Func<string, Exception?, DownloadException> fail)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(15) };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("pix2pix-dotnet");
        _fail = fail;
    }

    /// <summary>
    /// Writes the body of <paramref name="url"/> to <paramref name="destination"/>, which must not exist (the
    /// caller deletes it on failure). <paramref name="manual"/> ends every error message: how to get the file by hand.
    /// </summary>
    public async Task FetchAsync(Uri url, string destination, string manual, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw _fail($"The server answered {(int)response.StatusCode} ({response.ReasonPhrase}) for {url}. Check the name and --base_url. {manual}", null);
            long? total = response.Content.Headers.ContentLength;
            using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
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
                throw _fail($"The download of {url} stopped after {received} of {expected} bytes. Try again; {manual}", null);
        }
        catch (HttpRequestException ex)
        {
            throw _fail($"Could not reach {url.Host}:{url.Port} ({Reason(ex)}). This machine may have no internet access, or the server may be down. {manual}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw _fail($"Connecting to {url.Host}:{url.Port} timed out. This machine may have no internet access. {manual}", ex);
        }
        catch (IOException ex) when (ex.InnerException is SocketException or HttpRequestException)
        {
            throw _fail($"The connection to {url.Host} broke during the download ({ex.Message}). Try again; {manual}", ex);
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

    public void Dispose() => _http.Dispose();
}

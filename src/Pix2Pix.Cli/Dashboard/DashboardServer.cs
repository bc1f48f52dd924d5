using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pix2Pix.Gan;
using Pix2Pix.Gan.Inference;

namespace Pix2Pix.Cli.Dashboard;

/// <summary>
/// The live dashboard (<c>pix2pix serve</c>, <c>train --serve</c>): Kestrel serving our embedded page (Dashboard/Assets),
/// a JSON API over the run folders (<see cref="RunReader"/>, read only), Server-Sent Events when runs change, the run
/// folders' files (nothing outside the checkpoints folder, no listings) and try-it translations (<see cref="TryItService"/>).
/// Bound to 127.0.0.1 by default; on any other address every request needs the token.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private const string TokenCookie = "pix2pix_token";
    private readonly WebApplication _app;
    private readonly DashboardOptions _options;
    private readonly RunReader _reader;
    private readonly TryItService _tryIt;
    private readonly FileExtensionContentTypeProvider _types = new();

    private DashboardServer(WebApplication app, DashboardOptions options, string? token)
    {
        _app = app;
        _options = options;
        Token = token;
        _reader = new RunReader(options.CheckpointsDir, options.ResultsDir);
        _tryIt = new TryItService(options);
    }

    /// <summary>The token every request must carry, or null (loopback without --token).</summary>
    public string? Token { get; }

    /// <summary>The address the server listens on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The address to open in a browser: with the token when one is needed.</summary>
    public string BrowserUrl => Address + (Token is null ? "" : "?token=" + Uri.EscapeDataString(Token));

    /// <summary>Starts listening; throws (naming --host/--port) when the address cannot be used.</summary>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var addresses = ResolveHost(options.Host);
        bool loopback = addresses.All(IPAddress.IsLoopback);
        string? token = options.Token ?? (loopback ? null : RandomNumberGenerator.GetHexString(32, lowercase: true));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var address in addresses)
                k.Listen(address, options.Port);
            // the try-it endpoint answers oversized uploads itself, with a message; this only stops absurd bodies
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes * 2 + 1_000_000;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new DashboardServer(app, options, token);
        server.Map();
        try
        {
            await app.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The dashboard cannot listen on {options.Host}:{options.Port}: {ex.Message} Choose another --port (or --host).", ex);
        }
        string first = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(first);
        string shownHost = loopback ? "127.0.0.1" : options.Host;
        server.Address = new UriBuilder("http", shownHost is "0.0.0.0" or "::" or "*" ? Dns.GetHostName() : shownHost, bound.Port).Uri;
        return server;
    }

    /// <summary>Runs until <paramref name="cancel"/> fires.</summary>
    public Task WaitAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _tryIt.Dispose();
    }

    private static IPAddress[] ResolveHost(string host)
    {
        if (host is "localhost")
            return [IPAddress.Loopback];
        if (host is "*" or "0.0.0.0")
            return [IPAddress.Any];
        if (IPAddress.TryParse(host, out var ip))
            return [ip];
        try
        {
            var found = Dns.GetHostAddresses(host);
            if (found.Length > 0)
                return [found[0]];
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
        throw new ArgumentException($"--host {host} is not an IP address or a name this machine resolves; use 127.0.0.1 (the default), 0.0.0.0 (every interface) or this machine's address.");
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'";
            headers["Referrer-Policy"] = "no-referrer";
            if (Token is not null && !Authorized(context))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("This dashboard needs its token: open the address printed when it started (…/?token=…), or send the header Authorization: Bearer <token>.\n").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        _app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        _app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        _app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));
        _app.MapGet("/api/runs", () => Results.Text(RunsJson(), "application/json"));
        _app.MapGet("/api/runs/{name}", (string name) => _reader.RunDir(name) is null
            ? NotFound($"No run {name} under {_reader.Root}.")
            : Results.Text(_reader.Details(name).ToJsonString(), "application/json"));
        _app.MapGet("/api/events", Events);
        _app.MapPost("/api/runs/{name}/translate", Translate);
        _app.MapGet("/files/{**path}", ServeFile);
        _app.MapFallback(() => NotFound("Not found."));
    }

    private bool Authorized(HttpContext context)
    {
        string? given = context.Request.Query["token"].FirstOrDefault();
        bool fromQuery = given is not null;
        if (given is null && context.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            given = auth["Bearer ".Length..];
        given ??= context.Request.Cookies[TokenCookie];
        if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(Token!)))
            return false;
        if (fromQuery)
            context.Response.Cookies.Append(TokenCookie, given, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        return true;
    }

    private static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: 404);

    private static IResult Asset(string name, string type)
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is missing from the assembly; rebuild pix2pix.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Results.Bytes(copy.ToArray(), type);
    }

    private string RunsJson()
    {
        var runs = new JsonArray(_reader.RunNames().Select(n => (JsonNode?)_reader.Summary(n)).ToArray());
        return new JsonObject { ["root"] = _reader.Root, ["runs"] = runs }.ToJsonString();
    }

    /// <summary>Server-Sent Events: "runs" with the whole table when it changes, "run" with a name when that run's files change.</summary>
    private async Task Events(HttpContext context)
    {
        var cancel = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        string lastRuns = "";
        var sinceWrite = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await context.Response.WriteAsync("retry: 2000\n\n", cancel).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
            while (!cancel.IsCancellationRequested)
            {
                var sb = new StringBuilder();
                string runs = RunsJson();
                if (runs != lastRuns)
                {
                    sb.Append("event: runs\ndata: ").Append(runs).Append("\n\n");
                    lastRuns = runs;
                }
                foreach (string name in _reader.RunNames())
                {
                    string stamp = _reader.Stamp(name);
                    if (stamps.TryGetValue(name, out string? old) && old != stamp)
                        sb.Append("event: run\ndata: ").Append(JsonSerializer.Serialize(new { name })).Append("\n\n");
                    stamps[name] = stamp;
                }
                if (sb.Length == 0 && sinceWrite.Elapsed > TimeSpan.FromSeconds(15))
                    sb.Append(": keep-alive\n\n");
                if (sb.Length > 0)
                {
                    await context.Response.WriteAsync(sb.ToString(), cancel).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    sinceWrite.Restart();
                }
                await Task.Delay(_options.PollInterval, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the page closed
        }
    }

    private async Task<IResult> Translate(HttpContext context, string name)
    {
        string? dir = _reader.RunDir(name);
        if (dir is null)
            return NotFound($"No run {name} under {_reader.Root}.");
        var query = context.Request.Query;
        string epoch = query["epoch"].FirstOrDefault() ?? "latest";
        if (epoch.Length == 0 || epoch.Length > 40 || !epoch.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return Results.Text("epoch must be a checkpoint label such as latest, 5 or iter_1000.\n", statusCode: 400);
        string? direction = query["direction"].FirstOrDefault() is { Length: > 0 } d ? d : null;
        if (direction is not (null or "AtoB" or "BtoA"))
            return Results.Text("direction must be AtoB or BtoA.\n", statusCode: 400);
        if (!Enum.TryParse<FitMode>(query["fit"].FirstOrDefault() ?? "pad", ignoreCase: true, out var fit) || !Enum.IsDefined(fit))
            return Results.Text("fit must be pad, resize or exact.\n", statusCode: 400);
        try
        {
            if (context.Request.ContentLength > _options.MaxUploadBytes)
                throw new TryItException(413, $"The upload is {context.Request.ContentLength:N0} bytes, above the limit of {_options.MaxUploadBytes:N0} bytes ({_options.MaxUploadBytes / 1_000_000} MB); send a smaller image.");
            byte[] upload = await ReadLimited(context.Request.Body, _options.MaxUploadBytes + 1, context.RequestAborted).ConfigureAwait(false);
            byte[] png = await _tryIt.TranslateAsync(dir, epoch, direction, fit, upload, context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(png, "image/png", $"{name}_{epoch}_translated.png");
        }
        catch (TryItException ex)
        {
            return Results.Text(ex.Message + "\n", "text/plain; charset=utf-8", statusCode: ex.Status);
        }
    }

    private static async Task<byte[]> ReadLimited(Stream body, long limit, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length >= limit)
                break;
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A file of a run folder: every segment checked (no "..", ".", empty, encoded slashes or backslashes, drive or
    /// absolute forms), the full path checked to be inside the checkpoints folder, links followed only inside it;
    /// folders are never listed. Anything else is 404.
    /// </summary>
    private IResult ServeFile(HttpContext context)
    {
        string? full = SafeFile(_reader.Root, context.Request.Path.Value ?? "");
        if (full is null)
            return NotFound("Not found.");
        string type = _types.TryGetContentType(full, out string? t) ? t : "application/octet-stream";
        return Results.File(full, type, enableRangeProcessing: true);
    }

    /// <summary>The file under <paramref name="root"/> that <paramref name="requestPath"/> (/files/…) names, or null.</summary>
    internal static string? SafeFile(string root, string requestPath)
    {
        const string prefix = "/files/";
        if (!requestPath.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var parts = new List<string>();
        foreach (string raw in requestPath[prefix.Length..].Split('/'))
        {
            string part;
            try
            {
                part = Uri.UnescapeDataString(raw);
            }
            catch (UriFormatException)
            {
                return null;
            }
            if (part.Length == 0 || part is "." or ".." || part.IndexOfAny(['/', '\\', ':', '\0', '%']) >= 0 || part.Trim() != part)
                return null;
            parts.Add(part);
        }
        if (parts.Count < 2)
            return null;
        string rootFull = Path.GetFullPath(root);
        string full = Path.GetFullPath(Path.Combine([rootFull, .. parts]));
        if (!full.StartsWith(rootFull.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
            return null;
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            string? target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null || !target.StartsWith(rootFull.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return null;
        }
        return full;
    }
}

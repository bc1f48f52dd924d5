using System.Collections.Concurrent;
using Pix2Pix.Gan;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Dashboard;

/// <summary>Why a try-it request was refused: the HTTP status and a message for the page.</summary>
internal sealed class TryItException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The try-it page's translations: one per slot (a core each) at a time, a short queue behind them (429 when it is
/// full), a timeout, uploads within the size and pixel limits (413), generators loaded once per checkpoint file.
/// </summary>
internal sealed class TryItService(DashboardOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.TranslateSlots, options.TranslateSlots);
    private readonly ConcurrentDictionary<string, ConcurrentBag<Translator>> _translators = new(StringComparer.Ordinal);
    private int _admitted;

    /// <summary>Translates <paramref name="upload"/> with run <paramref name="runDir"/>'s generator; returns PNG bytes.</summary>
    public async Task<byte[]> TranslateAsync(string runDir, string epoch, string? direction, FitMode fit, byte[] upload, CancellationToken cancel)
    {
        if (upload.Length == 0)
            throw new TryItException(400, "The upload is empty: send an image file (PNG, JPEG, BMP or PNM).");
        if (upload.Length > options.MaxUploadBytes)
            throw new TryItException(413, $"The upload is {upload.Length:N0} bytes, above the limit of {options.MaxUploadBytes:N0} bytes ({options.MaxUploadBytes / 1_000_000} MB); send a smaller image.");
        if (Interlocked.Increment(ref _admitted) > options.TranslateSlots + options.QueueLength)
        {
            Interlocked.Decrement(ref _admitted);
            throw new TryItException(429, $"The server is busy: {options.TranslateSlots} translation(s) running and {options.QueueLength} waiting. Try again in a moment.");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(options.TranslateTimeout);
            try
            {
                await _slots.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TryItException(503, $"Timed out after {options.TranslateTimeout.TotalSeconds:0} s waiting for a free translation slot; try again.");
            }
            try
            {
                // the slot is held until the work ends, even when the answer has given up on it (a core stays busy until then)
                var work = Task.Run(async () =>
                {
                    if (options.TranslateGate is { } gate)
                        await gate().ConfigureAwait(false);
                    return Translate(runDir, epoch, direction, fit, upload);
                }, CancellationToken.None);
                var slot = work.ContinueWith(_ => _slots.Release(), TaskScheduler.Default);
                try
                {
                    return await work.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new TryItException(503, $"The translation took longer than {options.TranslateTimeout.TotalSeconds:0} s and was abandoned; try a smaller image.");
                }
            }
            catch (TryItException)
            {
                throw;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }

    public void Dispose() => _slots.Dispose();

    private byte[] Translate(string runDir, string epoch, string? direction, FitMode fit, byte[] upload)
    {
        Image image;
        try
        {
            image = ImageCodecs.Decode(upload, "the upload", options.MaxPixels);
        }
        catch (ImageDecodeException ex) when (ex.Problem?.Contains("above the limit", StringComparison.Ordinal) == true)
        {
            throw new TryItException(413, $"The image is too large: {ex.Problem}. The dashboard takes images of at most {options.MaxPixels / 1_000_000} megapixels.");
        }
        catch (ImageDecodeException ex)
        {
            throw new TryItException(400, $"The upload is not an image we can read: {ex.Message}");
        }
        string key = string.Join('|', runDir, epoch, direction ?? "", Stamp(runDir, epoch));
        var bag = _translators.GetOrAdd(key, _ => []);
        if (!bag.TryTake(out var translator))
            translator = Load(runDir, epoch, direction);
        try
        {
            using var degree = Pix2Pix.Engine.Parallelism.WithDegree(1);
            var result = translator.Translate(image, "the upload", null, fit);
            return ImageCodecs.EncodePng(result, System.IO.Compression.CompressionLevel.Fastest);
        }
        catch (ArgumentException ex)
        {
            throw new TryItException(400, ex.Message);
        }
        finally
        {
            bag.Add(translator);
        }
    }

    private static Translator Load(string runDir, string epoch, string? direction)
    {
        var flags = new TrainOptions { Model = "pix2pix" };
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (direction is not null)
        {
            flags.Direction = direction;
            given.Add("direction");
        }
        try
        {
            return Translator.Load(runDir, epoch, flags, given, eval: false);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or KeyNotFoundException
            || ex.GetType().Namespace?.StartsWith("Pix2Pix", StringComparison.Ordinal) == true)
        {
            throw new TryItException(400, $"This run's generator cannot translate images: {ex.Message}");
        }
    }

    /// <summary>The checkpoint files' times: a run that saves a new latest gets a fresh generator.</summary>
    private static string Stamp(string runDir, string epoch) =>
        string.Join(',', Directory.EnumerateFiles(runDir, epoch + "_net_*").Order(StringComparer.Ordinal)
            .Select(f => File.GetLastWriteTimeUtc(f).Ticks));
}

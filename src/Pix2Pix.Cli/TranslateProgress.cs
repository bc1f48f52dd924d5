using System.Diagnostics;
using System.Globalization;

namespace Pix2Pix.Cli;

/// <summary>
/// A one-line progress bar on standard error while <c>translate</c> works through a folder on a terminal: bar, images,
/// images per second, ETA. Nothing is drawn when standard error is redirected.
/// </summary>
internal sealed class TranslateProgress(int total, TextWriter error)
{
    private const int Width = 24;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private TimeSpan _lastDraw = TimeSpan.FromHours(-1);

    /// <summary>On a terminal, when <paramref name="error"/> is the console's (not a test's or a caller's writer).</summary>
    public static bool Enabled(TextWriter error) => !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);

    public void OnImage(int done)
    {
        if (_watch.Elapsed - _lastDraw < TimeSpan.FromMilliseconds(250) && done != total)
            return;
        _lastDraw = _watch.Elapsed;
        error.Write(Describe(done, total, _watch.Elapsed));
        if (done == total)
            error.WriteLine();
    }

    internal static string Describe(int done, int total, TimeSpan elapsed)
    {
        int filled = (int)(Width * (double)done / Math.Max(1, total));
        double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var eta = TimeSpan.FromSeconds(rate > 0 ? (total - done) / rate : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"\rtranslate [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {rate:F1} images/s ETA {(int)eta.TotalHours:D2}:{eta.Minutes:D2}:{eta.Seconds:D2}   ");
    }
}

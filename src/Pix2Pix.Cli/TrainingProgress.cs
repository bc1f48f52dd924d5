using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pix2Pix.Gan.Models;

namespace Pix2Pix.Cli;

/// <summary>
/// A one-line progress bar on standard error while training on a terminal: epoch, bar, images, ETA, current losses.
/// When standard error is redirected nothing is drawn (the loss lines on standard output remain).
/// </summary>
internal sealed class TrainingProgress(GanModel model, int firstEpoch, int lastEpoch, TextWriter error)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _steps;
    private TimeSpan _lastDraw = TimeSpan.FromHours(-1);

    public static bool Enabled => !Console.IsErrorRedirected;

    public void OnStep(int epoch, int batch, int batches)
    {
        _steps++;
        if (_watch.Elapsed - _lastDraw < TimeSpan.FromMilliseconds(250) && batch != batches)
            return;
        _lastDraw = _watch.Elapsed;
        long total = (long)(lastEpoch - firstEpoch + 1) * batches;
        long done = (long)(epoch - firstEpoch) * batches + batch;
        double perStep = _watch.Elapsed.TotalSeconds / _steps;
        var eta = TimeSpan.FromSeconds(Math.Max(0, total - done) * perStep);
        const int width = 24;
        int filled = (int)(width * (double)batch / Math.Max(1, batches));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\repoch {epoch}/{lastEpoch} [{new string('#', filled)}{new string('.', width - filled)}] {batch}/{batches} ETA {(int)eta.TotalHours:D2}:{eta.Minutes:D2}:{eta.Seconds:D2}");
        foreach (var (name, value) in model.CurrentLosses())
            sb.Append(CultureInfo.InvariantCulture, $" {name} {value:F3}");
        sb.Append("   ");
        error.Write(sb.ToString());
        if (batch == batches)
            error.WriteLine();
    }
}

using System.Diagnostics;
using Pix2Pix.Gan.Models;

namespace Pix2Pix.Cli;

/// <summary>
/// The training progress bar on a terminal's standard error: epoch, bar, batches, ETA, the current losses that fit
/// (<see cref="ProgressBar"/>), redrawn at most four times a second through a <see cref="ProgressConsole"/>, which keeps it
/// below the loss lines.
/// </summary>
internal sealed class TrainingProgress(GanModel model, int firstEpoch, int lastEpoch, ProgressConsole console)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _steps;
    private TimeSpan _lastDraw = TimeSpan.FromHours(-1);

    /// <summary>
    /// Both standard output and standard error are the terminal. With either redirected (<c>&gt; log</c>, <c>| tee log</c>)
    /// there is no bar: a pipe's reader prints the loss lines when it likes, after a redrawn bar, so they would run together.
    /// </summary>
    public static bool Enabled => !Console.IsErrorRedirected && !Console.IsOutputRedirected;

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
        var state = new ProgressState(epoch, lastEpoch, batch, batches, eta, model.CurrentLosses());
        console.ShowBar(ProgressBar.Render(state, console.Width));
    }
}

using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// Download progress on standard error: a redrawn bar on a terminal, otherwise one line per 10 % (or per 10 MB
/// when the size is unknown) so logs stay short.
/// </summary>
internal sealed class DatasetsDownloadProgress(TextWriter writer, bool interactive) : IProgress<DownloadProgress>
{
    private const int BarWidth = 30;
    private long _lastStep = -1;
    private bool _drewBar;

    public void Report(DownloadProgress value)
    {
        long step = value.TotalBytes is > 0 ? value.BytesReceived * (interactive ? 100 : 10) / value.TotalBytes.Value
            : value.BytesReceived / (interactive ? 1 << 20 : 10 << 20);
        if (step == _lastStep)
            return;
        _lastStep = step;
        string text = Describe(value);
        if (interactive)
        {
            writer.Write('\r' + text);
            _drewBar = true;
        }
        else
        {
            writer.WriteLine(text);
        }
    }

    /// <summary>Ends the current bar; the next report starts a new one (each file of a multi-file download).</summary>
    public void Finish()
    {
        if (_drewBar)
            writer.WriteLine();
        _drewBar = false;
        _lastStep = -1;
    }

    internal static string Describe(DownloadProgress value)
    {
        string received = Megabytes(value.BytesReceived);
        if (value.TotalBytes is not > 0)
            return $"  {received} received";
        double fraction = Math.Clamp((double)value.BytesReceived / value.TotalBytes.Value, 0, 1);
        int filled = (int)(fraction * BarWidth);
        return $"  [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,3:F0}%  {received} / {Megabytes(value.TotalBytes.Value)}";
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MB";
}

using System.Globalization;
using System.Text;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// <c>loss_log.txt</c> in the reference's format: a header line with the date, then one line per report,
/// <c>(epoch: 3, iters: 200, time: 0.052, data: 0.001) G_GAN: 0.812 G_L1: 14.203 D_real: 0.455 D_fake: 0.501 </c>.
/// </summary>
internal sealed class LossLog
{
    private readonly string _path;

    public LossLog(string path, bool append)
    {
        _path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        string header = $"================ Training Loss ({DateTime.Now.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture)}) ================\n";
        if (append)
            SaveIo.Append(path, SaveKind.LossLog, header);
        else
            SaveIo.WriteAtomicText(path, SaveKind.LossLog, header);
    }

    public string Path => _path;

    /// <summary>The reference's line: time is compute seconds per image, data is loading seconds per image.</summary>
    public static string FormatLine(int epoch, int iters, double computeTime, double dataTime, IEnumerable<KeyValuePair<string, float>> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"(epoch: {epoch}, iters: {iters}, time: {computeTime:F3}, data: {dataTime:F3}) ");
        foreach (var (name, value) in losses)
            sb.Append(CultureInfo.InvariantCulture, $"{name}: {value:F3} ");
        return sb.ToString();
    }

    public void Append(string line) => SaveIo.Append(_path, SaveKind.LossLog, line + "\n");
}

using System.Diagnostics;
using System.Globalization;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>The process's peak resident memory so far: the larger of .NET's PeakWorkingSet64 and Linux's VmHWM.</summary>
internal static class PeakMemory
{
    /// <summary>Peak resident set size in MB of 1024·1024 bytes.</summary>
    public static double PeakRssMegabytes()
    {
        long peak;
        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            peak = process.PeakWorkingSet64;
        }
        long? hwm = ReadVmHwmBytes();
        if (hwm > peak)
            peak = hwm.Value;
        return peak / (1024.0 * 1024.0);
    }

    /// <summary>VmHWM from /proc/self/status in bytes, or null where that file does not exist (not Linux).</summary>
    public static long? ReadVmHwmBytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return null;
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
                continue;
            var parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                return kb * 1024;
        }
        return null;
    }
}

using System.Diagnostics;

namespace Pix2Pix.Engine;

/// <summary>
/// An opt-in timer of where a computation spends its time (<c>pix2pix bench --profile</c>): leaf modules run by a
/// <see cref="Modules.Sequential"/> ("forward Conv2d"), backward nodes ("backward Conv2dNode"), optimizer steps and
/// gradient zeroing. Off by default; when off it costs one branch per call. Not thread-safe: enable it on the thread
/// that runs the model (kernels' worker threads never record).
/// </summary>
public static class OpProfiler
{
    private static readonly Dictionary<string, (long Ticks, long Calls)> s_totals = [];

    /// <summary>Whether timings are being recorded.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Adds one timed call of <paramref name="name"/> that started at <paramref name="startTimestamp"/>.</summary>
    public static void Record(string name, long startTimestamp)
    {
        long ticks = Stopwatch.GetTimestamp() - startTimestamp;
        lock (s_totals)
        {
            s_totals.TryGetValue(name, out var total);
            s_totals[name] = (total.Ticks + ticks, total.Calls + 1);
        }
    }

    /// <summary>Forgets every recorded timing.</summary>
    public static void Reset()
    {
        lock (s_totals)
            s_totals.Clear();
    }

    /// <summary>Recorded names with their total milliseconds and call counts, largest total first.</summary>
    public static IReadOnlyList<(string Name, double Milliseconds, long Calls)> Snapshot()
    {
        lock (s_totals)
            return [.. s_totals
                .Select(kv => (kv.Key, kv.Value.Ticks * 1000.0 / Stopwatch.Frequency, kv.Value.Calls))
                .OrderByDescending(e => e.Item2)];
    }
}

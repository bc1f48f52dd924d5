using System.Diagnostics;

namespace Pix2Pix.Engine;

/// <summary>
/// An opt-in timer of where a computation spends its time (<c>pix2pix bench --profile</c>): leaf modules run by a
/// <see cref="Modules.Sequential"/> ("forward Conv2d"), backward nodes ("backward Conv2dNode"), optimizer steps and
/// gradient zeroing. Off by default; when off it costs one branch per call. Per thread: enable it on the thread that
/// runs the model; it records and reports that thread's calls only (kernels' worker threads never record).
/// </summary>
internal static class OpProfiler
{
    [ThreadStatic]
    private static Dictionary<string, (long Ticks, long Calls)>? t_totals;

    [ThreadStatic]
    private static bool t_enabled;

    /// <summary>Whether timings are being recorded on this thread.</summary>
    public static bool Enabled
    {
        get => t_enabled;
        set => t_enabled = value;
    }

    [ThreadStatic]
    private static bool t_byShape;

    /// <summary>Whether leaf layers are recorded one name per input shape ("forward Conv2d [1, 64, 128, 128]"), for per-layer tables.</summary>
    public static bool ByShape
    {
        get => t_byShape;
        set => t_byShape = value;
    }

    private static Dictionary<string, (long Ticks, long Calls)> Totals => t_totals ??= [];

    /// <summary>Adds one timed call of <paramref name="name"/> that started at <paramref name="startTimestamp"/>.</summary>
    public static void Record(string name, long startTimestamp)
    {
        long ticks = Stopwatch.GetTimestamp() - startTimestamp;
        var totals = Totals;
        totals.TryGetValue(name, out var total);
        totals[name] = (total.Ticks + ticks, total.Calls + 1);
    }

    /// <summary>Forgets every timing recorded on this thread.</summary>
    public static void Reset()
    {
        Totals.Clear();
    }

    /// <summary>This thread's recorded names with their total milliseconds and call counts, largest total first.</summary>
    public static IReadOnlyList<(string Name, double Milliseconds, long Calls)> Snapshot()
    {
        return [.. Totals
                .Select(kv => (kv.Key, kv.Value.Ticks * 1000.0 / Stopwatch.Frequency, kv.Value.Calls))
                .OrderByDescending(e => e.Item2)];
    }
}

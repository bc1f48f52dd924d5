using System.Diagnostics;

namespace Pix2Pix.Engine;

/// <summary>
/// An opt-in record of the parallel loops a computation runs (<c>pix2pix bench --scaling</c>): for each loop that
/// <see cref="Parallelism.For"/> splits, its number of work items and its wall time, grouped by item count. From it,
/// <see cref="Estimate"/> predicts the time on more cores than this machine has. Per thread, like
/// <see cref="OpProfiler"/>: enable it on the thread that runs the model; loops started by other threads are not seen.
/// Off by default; when off it costs one branch per loop.
/// </summary>
internal static class ParallelTrace
{
    [ThreadStatic]
    private static Dictionary<int, (long Ticks, long Loops)>? t_byItems;

    [ThreadStatic]
    private static bool t_enabled;

    [ThreadStatic]
    private static int t_degree;

    /// <summary>Whether split loops are being recorded on this thread.</summary>
    public static bool Enabled
    {
        get => t_enabled;
        set => t_enabled = value;
    }

    private static Dictionary<int, (long Ticks, long Loops)> ByItems => t_byItems ??= [];

    /// <summary>Adds one split loop of <paramref name="items"/> items on <paramref name="degree"/> threads that started at <paramref name="startTimestamp"/>.</summary>
    internal static void Record(int items, int degree, long startTimestamp)
    {
        long ticks = Stopwatch.GetTimestamp() - startTimestamp;
        var byItems = ByItems;
        byItems.TryGetValue(items, out var total);
        byItems[items] = (total.Ticks + ticks, total.Loops + 1);
        t_degree = degree;
    }

    /// <summary>Forgets every loop recorded on this thread.</summary>
    public static void Reset()
    {
        ByItems.Clear();
        t_degree = 0;
    }

    /// <summary>This thread's split loops: item count, total milliseconds and number of loops, by item count.</summary>
    public static IReadOnlyList<(int Items, double Milliseconds, long Loops)> Snapshot()
        => [.. ByItems.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value.Ticks * 1000.0 / Stopwatch.Frequency, kv.Value.Loops))];

    /// <summary>The thread count the recorded loops ran on (0 when none were recorded).</summary>
    public static int Degree => t_degree;

    /// <summary>
    /// Predicted time of a computation on <paramref name="threads"/> cores, from its time here: <paramref name="totalMilliseconds"/>
    /// in all, of which the <paramref name="loops"/> ran split over <paramref name="degree"/> threads. The rest is
    /// serial and stays. A loop of n equal items takes ⌈n/degree⌉ item-times here and ⌈n/threads⌉ there — so a loop
    /// of 8 items gains nothing past 8 cores. An optimistic model: it assumes equal items, no memory-bandwidth limit and
    /// no fork-join cost, so it bounds what more cores can give rather than promising it.
    /// </summary>
    public static double Estimate(double totalMilliseconds, IReadOnlyList<(int Items, double Milliseconds, long Loops)> loops, int degree, int threads)
    {
        ArgumentNullException.ThrowIfNull(loops);
        if (degree < 1 || threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), "Thread counts must be 1 or more.");
        double inLoops = 0, estimate = 0;
        foreach (var (items, ms, _) in loops)
        {
            inLoops += ms;
            estimate += ms * Rounds(items, threads) / Rounds(items, degree);
        }
        return Math.Max(0, totalMilliseconds - inLoops) + estimate;
    }

    private static double Rounds(int items, int threads) => (items + threads - 1) / threads;
}

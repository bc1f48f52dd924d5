using System.Diagnostics;

namespace Pix2Pix.Benchmarks;

/// <summary>The repeated timing the `quick…` timers share: one call per repetition, sorted ascending, in ms.</summary>
internal static class CpuTimes
{
    /// <summary>
    /// Times <paramref name="reps"/> calls of <paramref name="run"/> by process CPU time (robust on a machine shared with
    /// other busy processes), or by wall time with <paramref name="wall"/> (when several threads run: CPU time would
    /// count every worker). Sorted ascending: [0] is the minimum, [reps / 2] the median.
    /// </summary>
    public static double[] Sorted(int reps, Action run, bool wall = false)
    {
        using var process = Process.GetCurrentProcess();
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            process.Refresh();
            TimeSpan before = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            run();
            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            times[r] = wall ? elapsed : (process.TotalProcessorTime - before).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }
}

using System.Diagnostics;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `checkpoint-load FILE... [ROUNDS]`: times Checkpoint.Read on each file, alternating the files round by round (so
/// machine noise falls on all of them alike), and reports the median wall time, the ratio to the first file, and the
/// bytes allocated per read (the tensors plus any temporary buffers: the reader's memory beyond its result).
/// </summary>
internal static class CheckpointLoadTimer
{
    public static void Run(string[] args)
    {
        var files = args.Where(File.Exists).ToList();
        int rounds = args.Length > 0 && int.TryParse(args[^1], out int r) ? r : 7;
        if (files.Count == 0)
            throw new ArgumentException("Give one or more checkpoint files (safetensors or .pth) and optionally the number of rounds.");
        var times = files.ToDictionary(f => f, _ => new List<double>());
        var allocated = new Dictionary<string, long>();
        foreach (string f in files)
            Checkpoint.Read(f); // warm the page cache and the JIT
        for (int round = 0; round < rounds; round++)
        {
            foreach (string f in round % 2 == 0 ? files : Enumerable.Reverse(files))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var result = Checkpoint.Read(f);
                watch.Stop();
                allocated[f] = GC.GetAllocatedBytesForCurrentThread() - before;
                times[f].Add(watch.Elapsed.TotalMilliseconds);
                GC.KeepAlive(result);
            }
        }
        double baseline = Median(times[files[0]]);
        Console.WriteLine($"{"file",-40} {"MB",8} {"median ms",10} {"min ms",8} {"ratio",6} {"alloc MB",9}");
        foreach (string f in files)
        {
            double median = Median(times[f]);
            Console.WriteLine($"{Path.GetFileName(f),-40} {new FileInfo(f).Length / 1e6,8:F1} {median,10:F1} {times[f].Min(),8:F1} {median / baseline,6:F2} {allocated[f] / 1e6,9:F1}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

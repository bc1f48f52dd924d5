using System.Diagnostics;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `infer-layers [ROUNDS] [THREADS] [unfolded]`: unet_256 (ngf 64, batch norm, eval mode) at 256², batch 1: every leaf layer of the
/// forward timed on 1 thread and on THREADS (default 2), the two alternating round by round, with the medians and the
/// speed-up per layer — which layers do not split well over threads. Batch norms folded into the convolutions
/// (<see cref="InferenceFolding"/>) unless <c>unfolded</c>.
/// </summary>
internal static class InferenceLayerTimer
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 9;
        int many = args.Length > 1 && int.TryParse(args[1], out int t) ? t : 2;
        var g = NetworkFactory.DefineG(3, 3, 64, "unet_256", "batch", useDropout: true, "normal", 0.02f, new Rng(1), null);
        g.Eval();
        bool unfolded = args.Contains("unfolded");
        if (!unfolded)
            InferenceFolding.FoldBatchNorm(g);
        var input = Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, 256, 256);
        var arena = new TensorArena();
        int[] degrees = [1, many];
        var layerMs = degrees.ToDictionary(d => d, _ => new Dictionary<string, List<double>>());
        var totalMs = degrees.ToDictionary(d => d, _ => new List<double>());
        var order = new List<string>();
        void Once(int degree, bool record)
        {
            using var scope = Parallelism.WithDegree(degree);
            OpProfiler.Reset();
            OpProfiler.ByShape = true;
            OpProfiler.Enabled = true;
            var watch = Stopwatch.StartNew();
            using (arena.Enter())
            using (Autograd.NoGrad())
                g.Forward(input);
            double ms = watch.Elapsed.TotalMilliseconds;
            OpProfiler.Enabled = false;
            if (!record)
                return;
            totalMs[degree].Add(ms);
            foreach (var (name, layer, _) in OpProfiler.Snapshot())
            {
                if (!layerMs[degree].TryGetValue(name, out var list))
                    layerMs[degree][name] = list = [];
                list.Add(layer);
                if (!order.Contains(name))
                    order.Add(name);
            }
        }
        for (int i = 0; i < 2; i++)
            foreach (int d in degrees)
                Once(d, record: false);
        for (int round = 0; round < rounds; round++)
            foreach (int d in round % 2 == 0 ? degrees : degrees.Reverse())
                Once(d, record: true);
        Console.WriteLine($"unet_256 eval forward at 256², batch 1: {rounds} alternating rounds; medians in ms; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"layer",-52} {"1 thread",9} {$"{many} threads",10} {"speed-up",9}");
        double sum1 = 0, sumN = 0;
        foreach (string name in order.OrderByDescending(n => Median(layerMs[1][n])))
        {
            double a = Median(layerMs[1][name]), b = Median(layerMs[many][name]);
            sum1 += a;
            sumN += b;
            Console.WriteLine($"{name,-52} {a,9:F2} {b,10:F2} {a / b,9:F2}");
        }
        // The skip concatenations outside the leaf layers ("other"): all eight of unet_256's at 256², batch 1, on their own.
        var skips = new[] { (64, 128), (128, 64), (256, 32), (512, 16), (512, 8), (512, 4), (512, 2), (512, 1) }
            .Select(s => (Tensor.Uniform(new Rng(3), -1f, 1f, 1, s.Item1, s.Item2, s.Item2), Tensor.Uniform(new Rng(4), -1f, 1f, 1, s.Item1, s.Item2, s.Item2)))
            .ToList();
        var concatMs = degrees.ToDictionary(d => d, _ => new List<double>());
        for (int round = 0; round < rounds + 2; round++)
        {
            foreach (int d in round % 2 == 0 ? degrees : degrees.Reverse())
            {
                using var scope = Parallelism.WithDegree(d);
                var watch = Stopwatch.StartNew();
                using (arena.Enter())
                using (Autograd.NoGrad())
                    foreach (var (a, b) in skips)
                        Functional.Concat(a, b, 1);
                if (round >= 2)
                    concatMs[d].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine($"{"(of which the 8 skip concatenations)",-52} {Median(concatMs[1]),9:F2} {Median(concatMs[many]),10:F2} {Median(concatMs[1]) / Median(concatMs[many]),9:F2}");
        double t1 = Median(totalMs[1]), tN = Median(totalMs[many]);
        Console.WriteLine($"{"other (concatenations, bookkeeping)",-52} {t1 - sum1,9:F2} {tN - sumN,10:F2}");
        Console.WriteLine($"{"whole forward",-52} {t1,9:F2} {tN,10:F2} {t1 / tN,9:F2}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// `fold-ab [ROUNDS]`: the unet_256 eval forward with and without its batch norms folded (two copies of one network),
    /// alternating call by call on 1 thread (process CPU time and wall time) and on 2 threads (wall time).
    /// </summary>
    public static void FoldAb(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 15;
        Module Build()
        {
            var g = NetworkFactory.DefineG(3, 3, 64, "unet_256", "batch", useDropout: true, "normal", 0.02f, new Rng(1), null);
            g.Eval();
            return g;
        }
        var plain = Build();
        var folded = Build();
        InferenceFolding.FoldBatchNorm(folded);
        var input = Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, 256, 256);
        var arena = new TensorArena();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"unet_256 eval forward, batch norms folded (B) or not (A), {rounds} alternating rounds; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (int threads in new[] { 1, 2 })
        {
            using var scope = Parallelism.WithDegree(threads);
            var wall = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
            var cpu = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
            for (int round = 0; round < rounds + 2; round++)
            {
                foreach (bool fold in round % 2 == 0 ? new[] { false, true } : new[] { true, false })
                {
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    using (arena.Enter())
                    using (Autograd.NoGrad())
                        (fold ? folded : plain).Forward(input);
                    double ms = watch.Elapsed.TotalMilliseconds;
                    process.Refresh();
                    if (round < 2)
                        continue;
                    wall[fold].Add(ms);
                    cpu[fold].Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
                }
            }
            Console.WriteLine($"{threads} thread(s) wall: A {Median(wall[false]),7:F1} ms  B {Median(wall[true]),7:F1} ms  B/A {Median(wall[true]) / Median(wall[false]):F3}");
            if (threads == 1)
                Console.WriteLine($"1 thread CPU:   A {Median(cpu[false]),7:F1} ms  B {Median(cpu[true]),7:F1} ms  B/A {Median(cpu[true]) / Median(cpu[false]):F3}");
        }
    }

    /// <summary>
    /// `translate-overhead FOLDER`: what translate does to each image besides the forward, on one thread: read and decode
    /// the file, normalise to a tensor, turn the output back into pixels (tensor2im) and encode the PNG (not written),
    /// timed per stage over every image of the folder (median ms per image).
    /// </summary>
    public static void TranslateOverhead(string[] args)
    {
        using var scope = Parallelism.WithDegree(1);
        var files = Directory.GetFiles(args[0]).Order().ToList();
        var decode = new List<double>();
        var normalise = new List<double>();
        var toImage = new List<double>();
        var encode = new List<double>();
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (string file in files)
            {
                var watch = Stopwatch.StartNew();
                var image = Pix2Pix.Imaging.ImageCodecs.Load(file);
                double t1 = watch.Elapsed.TotalMilliseconds;
                var tensor = new Tensor(new float[3 * image.Width * image.Height], 1, 3, image.Height, image.Width);
                Pix2Pix.Gan.Data.ImageOps.ToNormalizedPlanes(Pix2Pix.Gan.Data.ImageOps.ToRgb(image), tensor.Data);
                double t2 = watch.Elapsed.TotalMilliseconds;
                var back = Pix2Pix.Gan.Visuals.TensorImage.ToImage(tensor, 0);
                double t3 = watch.Elapsed.TotalMilliseconds;
                byte[] png = Pix2Pix.Imaging.ImageCodecs.EncodePng(back);
                double t4 = watch.Elapsed.TotalMilliseconds;
                if (pass == 0 || png.Length == 0)
                    continue;
                decode.Add(t1);
                normalise.Add(t2 - t1);
                toImage.Add(t3 - t2);
                encode.Add(t4 - t3);
            }
        }
        Console.WriteLine($"{files.Count} files, 1 thread, median ms per image: decode {Median(decode):F2}, normalise {Median(normalise):F2}, tensor2im {Median(toImage):F2}, encode PNG {Median(encode):F2}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}

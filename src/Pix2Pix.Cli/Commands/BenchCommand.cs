using System.CommandLine;
using System.Globalization;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Commands;

/// <summary>
/// <c>pix2pix bench</c>: times complete pix2pix training steps (or generator forwards with --phase inference) on seeded
/// random inputs and reports median/min/max ms per step, GFLOP/s from the analytic convolution FLOPs, and peak memory.
/// </summary>
internal static class BenchCommand
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "model", "netG", "netD", "n_layers_D", "norm", "ngf", "ndf", "input_nc", "output_nc", "no_dropout", "init_type", "init_gain",
        "crop_size", "batch_size", "num_threads", "seed", "gan_mode", "lr", "beta1", "lambda_L1",
        "lambda_A", "lambda_B", "lambda_identity", "pool_size",
    };

    /// <param name="model">The <c>--model</c> on the command line, if any: help shows its defaults.</param>
    public static Command Create(string? model = null)
    {
        var iters = new Option<int>("--iters") { Description = "Timed steps.", DefaultValueFactory = _ => 10, HelpName = "int" };
        // Five: a fresh process's first steps also carry .NET's tiered JIT recompiling the hot methods in the background
        // (on two cores it takes a core's share): unet_256's steps settled after about six (docs/benchmarks.md).
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first, to warm caches and the JIT.", DefaultValueFactory = _ => 5, HelpName = "int" };
        var phase = new Option<string>("--phase")
        {
            Description = "train: complete training steps (forward, D update, G update); inference: generator forwards in eval mode without gradients; " +
                "layers: every convolution of G and D timed on its own (forward, data gradient, weight gradient; --iters runs each), as a Markdown table; " +
                "peak: this machine's FP32 multiply-add peak on one thread and on --num_threads threads (the figure every '% of peak' divides by).",
            DefaultValueFactory = _ => "train",
        };
        phase.AcceptOnlyFromAmong([.. BenchSettings.Phases]);
        var profile = new Option<bool>("--profile") { Description = "Also report where the timed steps spend their time: ms and calls per step for each leaf layer's forward, each backward op, the optimizer step and gradient zeroing; the rest (losses, concatenations, graph bookkeeping) is 'other'." };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file: median_ms, min_ms, max_ms, gflops, peak_gflops, percent_of_peak, peak_rss_mb, heap_mb_per_step, gen2_gcs, iters, model, netG, crop_size, batch_size, phase, threads (with --thread_sweep: an array, one object per thread count).", HelpName = "FILE" };
        var sweep = new Option<string?>("--thread_sweep")
        {
            Description = "Run the train or inference benchmark once per thread count in this comma-separated list (e.g. 1,2,4,8; instead of --num_threads) " +
                "and print a table of median ms, speedup over the first count, parallel efficiency and % of the peak measured at each count.",
            HelpName = "LIST",
        };
        var scaling = new Option<bool>("--scaling")
        {
            Description = "Also record every split loop of the timed steps (work items, time) and predict the step time on 1 to 64 cores from it: " +
                "a loop of n items cannot use more than n cores, and the time outside split loops stays serial (needs --num_threads 2 or more).",
        };
        var command = new Command("bench", "Benchmark pix2pix (or --model cycle_gan training) on synthetic inputs (uniform in [-1, 1], seeded): ms per step (median, min, max), " +
            "GFLOP/s (convolution FLOPs per step: pix2pix training = 3 x G forward + 8 x D forward, inference = G forward, cycle_gan training = 18 x G + 16 x D (12 x G without the identity loss); divided by the median time), " +
            "the percentage of this machine's FP32 peak measured in the same run, and peak resident memory. Progress goes to standard error.")
        {
            iters, warmup, phase, profile, json, sweep, scaling,
        };
        var binder = new OptionBinder(command, TrainOptions.TrainSpecs.Where(s => Flags.Contains(s.Flag)).ToList(), CliDefaults.For(model, DefaultModel));
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new TrainOptions { Model = DefaultModel };
            var given = binder.Bind(parse, options);
            options.ApplyModelDefaults(given);
            var settings = new BenchSettings(options, parse.GetValue(phase) ?? "train", parse.GetValue(iters), parse.GetValue(warmup), parse.GetValue(profile), parse.GetValue(scaling));
            string? jsonPath = parse.GetValue(json);
            string? sweepText = parse.GetValue(sweep);
            if (sweepText is not null)
                return RunSweep(settings, ParseThreadList(sweepText, given.Contains("num_threads")), jsonPath, output, error);
            if (settings.Phase == "peak")
            {
                settings.Validate();
                var peak = PeakFlops.Measure(options.NumThreads);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FP32 peak ({peak.Path} fused multiply-adds, {Environment.ProcessorCount} logical core(s)): {peak.GflopsPerCore:F1} GFLOP/s on one thread; " +
                    $"{peak.GflopsAllThreads:F1} GFLOP/s on {peak.Threads} thread(s) together ({100 * peak.Scaling:F0} % of {peak.Threads} x one thread)"));
                if (!string.IsNullOrEmpty(jsonPath))
                    WriteJson(jsonPath, string.Create(CultureInfo.InvariantCulture,
                        $"{{\n  \"path\": \"{peak.Path}\",\n  \"gflops_per_core\": {peak.GflopsPerCore:F3},\n  \"gflops_all_threads\": {peak.GflopsAllThreads:F3},\n  \"threads\": {peak.Threads}\n}}\n"), output);
                return 0;
            }
            if (settings.Phase == "layers")
            {
                settings.Validate();
                var timings = LayerBench.Run(settings, settings.Iterations, error);
                var peak = PeakFlops.Measure(options.NumThreads);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{options.NetG} + {options.NetD} D at {options.CropSize}x{options.CropSize}, batch {options.BatchSize}, {options.NumThreads} thread(s); median of {settings.Iterations} run(s); % of the {peak.GflopsAllThreads:F0} GFLOP/s peak measured on {options.NumThreads} thread(s):"));
                output.Write(LayerBench.ToMarkdown(timings, peak.GflopsAllThreads));
                return 0;
            }
            var result = RunOne(settings, error);
            Print(result, output);
            if (!string.IsNullOrEmpty(jsonPath))
                WriteJson(jsonPath, result.ToJson(), output);
            return 0;
        });
        return command;
    }

    /// <summary>Times the steps, then measures the peak of the same thread count (after, so the timing starts cold as before).</summary>
    private static BenchResult RunOne(BenchSettings settings, TextWriter progress)
    {
        var result = BenchRunner.Run(settings, progress);
        if (result.FlopsPerStep <= 0)
            return result;
        return result with { PeakGflops = PeakFlops.Measure(settings.Options.NumThreads).GflopsAllThreads };
    }

    private static void Print(BenchResult result, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Model} {result.NetG} {result.Phase}, batch {result.BatchSize} at {result.CropSize}x{result.CropSize}, {result.Threads} thread(s), {result.Iterations} step(s):"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ms per step: median {result.MedianMilliseconds:F1}, min {result.MinMilliseconds:F1}, max {result.MaxMilliseconds:F1}"));
        output.WriteLine(result.FlopsPerStep > 0
            ? string.Create(CultureInfo.InvariantCulture, $"  {result.Gflops:F2} GFLOP/s ({result.FlopsPerStep / 1e9:F2} GFLOP per step), {result.PercentOfPeak:F1} % of the {result.PeakGflops:F0} GFLOP/s FP32 peak measured on {result.Threads} thread(s); peak memory {result.PeakRssMegabytes:F0} MB")
            : string.Create(CultureInfo.InvariantCulture, $"  {1000 / result.MedianMilliseconds:F2} steps per second (FLOPs not counted for the noise models); peak memory {result.PeakRssMegabytes:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  heap allocations {result.HeapMegabytesPerStep:F2} MB per step, {result.Gen2Collections} full GC(s) during the timed steps"));
        if (result.Profile.Count > 0)
        {
            double step = result.StepMilliseconds.Average();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  where a step's {step:F1} ms go (mean per step; profiling adds a little):"));
            foreach (var (name, ms, calls) in result.Profile)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {ms,8:F1} ms {100 * ms / step,5:F1} %  {calls,6:F0} calls  {name}"));
            double other = step - result.Profile.Sum(p => p.Milliseconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {other,8:F1} ms {100 * other / step,5:F1} %                other"));
        }
        if (result.ParallelLoops.Count > 0)
            output.Write(ScalingReport(result));
    }

    /// <summary>--scaling: where the split loops' time goes by item count, and the predicted step on 1–64 cores.</summary>
    internal static string ScalingReport(BenchResult result)
    {
        var sb = new System.Text.StringBuilder();
        double step = result.StepMilliseconds.Average();
        double inLoops = result.ParallelLoops.Sum(l => l.Milliseconds);
        long loops = result.ParallelLoops.Sum(l => l.Loops);
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  split loops: {loops} per step, {inLoops:F1} ms of the mean {step:F1} ms step on {result.Threads} threads; {Math.Max(0, step - inLoops):F1} ms ({100 * Math.Max(0, step - inLoops) / step:F1} %) ran on one thread"));
        sb.AppendLine("  time in split loops by their number of work items (a loop of n items uses at most n cores):");
        int[] edges = [2, 4, 8, 16, 32, 64, 128, int.MaxValue];
        int low = 1;
        foreach (int high in edges)
        {
            var group = result.ParallelLoops.Where(l => l.Items >= low && l.Items <= high).ToList();
            if (group.Count > 0)
            {
                string range = high == int.MaxValue ? $"{low} or more" : low == high ? $"{low}" : $"{low}–{high}";
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {range,-12} items: {group.Sum(l => l.Milliseconds),8:F1} ms ({100 * group.Sum(l => l.Milliseconds) / step,4:F1} % of the step), {group.Sum(l => l.Loops),6} loops"));
            }
            low = high + 1;
        }
        sb.AppendLine("  predicted median step on more cores (optimistic: equal items, no memory-bandwidth limit, no fork-join cost):");
        sb.AppendLine("  | cores | ms | speedup over 1 core |");
        sb.AppendLine("  |---:|---:|---:|");
        double one = result.EstimateMilliseconds(1);
        foreach (int p in new[] { 1, 2, 4, 8, 16, 32, 64 })
        {
            double ms = result.EstimateMilliseconds(p);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  | {p} | {ms:F1} | {one / ms:F2} |"));
        }
        return sb.ToString();
    }

    /// <summary>--thread_sweep: the same benchmark once per thread count, then a table of speedups and efficiencies.</summary>
    private static int RunSweep(BenchSettings settings, IReadOnlyList<int> threads, string? jsonPath, TextWriter output, TextWriter progress)
    {
        if (settings.Phase is not ("train" or "inference"))
            throw new ArgumentException($"--thread_sweep times training or inference steps; --phase {settings.Phase} does not take it (use --num_threads).");
        var results = new List<BenchResult>();
        foreach (int t in threads)
        {
            settings.Options.NumThreads = t; // each run builds its model afresh from the options
            var result = RunOne(settings, progress);
            results.Add(result);
            Print(result, output);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"thread sweep ({Environment.ProcessorCount} logical core(s) on this machine; counts above it share cores):"));
        output.Write(SweepTable(results));
        if (!string.IsNullOrEmpty(jsonPath))
            WriteJson(jsonPath, "[\n" + string.Join(",\n", results.Select(r => r.ToJson().TrimEnd())) + "\n]\n", output);
        return 0;
    }

    /// <summary>Markdown: threads, median ms, speedup over the first row, efficiency (speedup per thread relative to the first row's threads), GFLOP/s, % of peak.</summary>
    internal static string SweepTable(IReadOnlyList<BenchResult> results)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| threads | median ms | speedup | efficiency | GFLOP/s | % of peak |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        var first = results[0];
        foreach (var r in results)
        {
            double speedup = first.MedianMilliseconds / r.MedianMilliseconds;
            double efficiency = speedup * first.Threads / r.Threads;
            string gflops = r.FlopsPerStep > 0 ? r.Gflops.ToString("F1", CultureInfo.InvariantCulture) : "–";
            string percent = r.PercentOfPeak > 0 ? r.PercentOfPeak.ToString("F1", CultureInfo.InvariantCulture) : "–";
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Threads} | {r.MedianMilliseconds:F1} | {speedup:F2} | {100 * efficiency:F0} % | {gflops} | {percent} |"));
        }
        return sb.ToString();
    }

    /// <summary>"1,2,4" → [1, 2, 4]; refuses empty, non-numeric, non-positive and repeated counts, and a --num_threads given too.</summary>
    internal static IReadOnlyList<int> ParseThreadList(string text, bool numThreadsGiven)
    {
        if (numThreadsGiven)
            throw new ArgumentException("--thread_sweep and --num_threads both set the thread count; give one of them.");
        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int t) || t < 1 || t > 4096)
                throw new ArgumentException($"--thread_sweep '{text}': '{part}' is not a thread count from 1 to 4096; give a comma-separated list such as 1,2,4,8.");
            if (counts.Contains(t))
                throw new ArgumentException($"--thread_sweep '{text}' names {t} twice; give each thread count once.");
            counts.Add(t);
        }
        return counts;
    }

    private static void WriteJson(string path, string text, TextWriter output)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null)
            Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder ?? ".", "." + Path.GetFileName(full) + ".tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, full, overwrite: true);
        output.WriteLine($"  results written to {path}");
    }

    /// <summary>The model benchmarked when no --model is given.</summary>
    private static string DefaultModel => Pix2PixModel.Descriptor.Name;
}

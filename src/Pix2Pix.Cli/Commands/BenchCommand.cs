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
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first, to warm caches and the JIT.", DefaultValueFactory = _ => 2, HelpName = "int" };
        var phase = new Option<string>("--phase")
        {
            Description = "train: complete training steps (forward, D update, G update); inference: generator forwards in eval mode without gradients; " +
                "layers: every convolution of G and D timed on its own (forward, data gradient, weight gradient; --iters runs each), as a Markdown table.",
            DefaultValueFactory = _ => "train",
        };
        phase.AcceptOnlyFromAmong([.. BenchSettings.Phases]);
        var profile = new Option<bool>("--profile") { Description = "Also report where the timed steps spend their time: ms and calls per step for each leaf layer's forward, each backward op, the optimizer step and gradient zeroing; the rest (losses, concatenations, graph bookkeeping) is 'other'." };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file: median_ms, min_ms, max_ms, gflops, peak_rss_mb, heap_mb_per_step, gen2_gcs, iters, model, netG, crop_size, batch_size, phase, threads.", HelpName = "FILE" };
        var command = new Command("bench", "Benchmark pix2pix (or --model cycle_gan training) on synthetic inputs (uniform in [-1, 1], seeded): ms per step (median, min, max), " +
            "GFLOP/s (convolution FLOPs per step: pix2pix training = 3 x G forward + 8 x D forward, inference = G forward, cycle_gan training = 18 x G + 16 x D (12 x G without the identity loss); divided by the median time) " +
            "and peak resident memory. Progress goes to standard error.")
        {
            iters, warmup, phase, profile, json,
        };
        var binder = new OptionBinder(command, TrainOptions.TrainSpecs.Where(s => Flags.Contains(s.Flag)).ToList(), CliDefaults.For(model, DefaultModel));
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new TrainOptions { Model = DefaultModel };
            var given = binder.Bind(parse, options);
            options.ApplyModelDefaults(given);
            var settings = new BenchSettings(options, parse.GetValue(phase) ?? "train", parse.GetValue(iters), parse.GetValue(warmup), parse.GetValue(profile));
            if (settings.Phase == "layers")
            {
                settings.Validate();
                var timings = LayerBench.Run(settings, settings.Iterations, parse.InvocationConfiguration.Error);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{options.NetG} + {options.NetD} D at {options.CropSize}x{options.CropSize}, batch {options.BatchSize}, {options.NumThreads} thread(s); median of {settings.Iterations} run(s); % of a {LayerBench.PeakGflopsPerCore:F0} GFLOP/s-per-core peak:"));
                output.Write(LayerBench.ToMarkdown(timings, options.NumThreads));
                return 0;
            }
            var result = BenchRunner.Run(settings, parse.InvocationConfiguration.Error);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Model} {result.NetG} {result.Phase}, batch {result.BatchSize} at {result.CropSize}x{result.CropSize}, {result.Threads} thread(s), {result.Iterations} step(s):"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ms per step: median {result.MedianMilliseconds:F1}, min {result.MinMilliseconds:F1}, max {result.MaxMilliseconds:F1}"));
            output.WriteLine(result.FlopsPerStep > 0
                ? string.Create(CultureInfo.InvariantCulture, $"  {result.Gflops:F2} GFLOP/s ({result.FlopsPerStep / 1e9:F2} GFLOP per step); peak memory {result.PeakRssMegabytes:F0} MB")
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
            string? jsonPath = parse.GetValue(json);
            if (!string.IsNullOrEmpty(jsonPath))
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
                if (folder is not null)
                    Directory.CreateDirectory(folder);
                File.WriteAllText(jsonPath, result.ToJson());
                output.WriteLine($"  results written to {jsonPath}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The model benchmarked when no --model is given.</summary>
    private static string DefaultModel => Pix2PixModel.Descriptor.Name;
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pix2Pix.Engine;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `ort-bench [--netG unet_256|unet_128|resnet_9blocks] [--crop_size 256] [--threads 2] [--iters 10] [--warmup 2] [--json FILE]`:
/// ONNX Runtime 1.32 alone on a generator exported by <see cref="OnnxExporter"/> (seeded normal(0, 0.02) weights, eval
/// mode; batch norm for the U-Nets, instance norm for the ResNet as the reference's pix2pix and CycleGAN use them),
/// batch 1, one process per run — the third side of tools/bench_side_by_side.py, next to `pix2pix bench --phase
/// inference` and tools/bench_pytorch.py. The JSON has the fields the other two write (median_ms, min_ms, max_ms,
/// peak_rss_mb).
/// </summary>
internal static class OrtBench
{
    public static void Run(string[] args)
    {
        string netG = Flag(args, "--netG", "unet_256");
        int size = int.Parse(Flag(args, "--crop_size", "256"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Flag(args, "--threads", "2"), CultureInfo.InvariantCulture);
        int iters = int.Parse(Flag(args, "--iters", "10"), CultureInfo.InvariantCulture);
        int warmup = int.Parse(Flag(args, "--warmup", "2"), CultureInfo.InvariantCulture);
        string? json = args.Contains("--json") ? Flag(args, "--json", "") : null;
        var (_, model) = ExportedGenerator(netG);
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var input = Pix2Pix.Engine.Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, size, size);
        var tensor = new DenseTensor<float>(input.Data, new[] { 1, 3, size, size });
        var times = new List<double>();
        for (int i = 0; i < warmup + iters; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using (var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]))
                _ = results[0].AsTensor<float>()[0];
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup)
                times.Add(ms);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(i < warmup ? "warm-up" : "step")} {i + 1}: {ms:F1} ms"));
        }
        times.Sort();
        double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ONNX Runtime {netG} at {size}x{size}, batch 1, {threads} thread(s): median {median:F1} ms (min {times[0]:F1}, max {times[^1]:F1})"));
        if (json is not null)
        {
            var result = new Dictionary<string, object>
            {
                ["median_ms"] = median, ["min_ms"] = times[0], ["max_ms"] = times[^1],
                ["peak_rss_mb"] = PeakMemory.PeakRssMegabytes(), ["threads"] = threads, ["netG"] = netG, ["crop_size"] = size,
            };
            File.WriteAllText(json, JsonSerializer.Serialize(result));
        }
    }

    /// <summary>
    /// `ort-profile [--netG N] [--threads T] [--iters K]`: ONNX Runtime's own per-node profile of the exported generator
    /// (SessionOptions.EnableProfiling) after 6 warm-up runs: the median over K runs of each node's kernel time, in graph
    /// order — to set beside `infer-layers` layer by layer.
    /// </summary>
    public static void Profile(string[] args)
    {
        string netG = Flag(args, "--netG", "unet_256");
        int size = int.Parse(Flag(args, "--crop_size", "256"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Flag(args, "--threads", "2"), CultureInfo.InvariantCulture);
        int iters = int.Parse(Flag(args, "--iters", "15"), CultureInfo.InvariantCulture);
        var (_, model) = ExportedGenerator(netG);
        string prefix = Path.Combine(Path.GetTempPath(), $"ort-profile-{Environment.ProcessId}");
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var input = Pix2Pix.Engine.Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, size, size);
        var tensor = new DenseTensor<float>(input.Data, new[] { 1, 3, size, size });
        for (int i = 0; i < 6; i++)
            using (session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)])) { }
        using var profiled = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, EnableProfiling = true, ProfileOutputPathPrefix = prefix };
        using var session2 = new InferenceSession(model, profiled);
        for (int i = 0; i < 6 + iters; i++)
            using (session2.Run([NamedOnnxValue.CreateFromTensor("input", tensor)])) { }
        string file = session2.EndProfiling();
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var perNode = new Dictionary<string, List<double>>();
        var order = new List<string>();
        var runs = new List<double>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (!e.TryGetProperty("cat", out var cat))
                continue;
            string name = e.GetProperty("name").GetString()!;
            double us = e.GetProperty("dur").GetDouble();
            if (cat.GetString() == "Session" && name == "model_run")
                runs.Add(us / 1000);
            if (cat.GetString() != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal))
                continue;
            string op = e.GetProperty("args").GetProperty("op_name").GetString()!;
            string key = $"{op} {name[..^"_kernel_time".Length]}";
            if (!perNode.TryGetValue(key, out var list))
            {
                perNode[key] = list = [];
                order.Add(key);
            }
            list.Add(us / 1000);
        }
        static double Median(IEnumerable<double> v) { var s = v.Order().ToList(); return s.Count == 0 ? 0 : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        Console.WriteLine($"ONNX Runtime {netG} at {size}², batch 1, {threads} thread(s): per-node kernel time, median of the last {iters} runs (ms)");
        double sum = 0;
        foreach (string key in order)
        {
            double m = Median(perNode[key].Skip(Math.Max(0, perNode[key].Count - iters)));
            sum += m;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-60} {m,8:F2}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"sum of nodes",-60} {sum,8:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"model_run (median)",-60} {Median(runs.Skip(Math.Max(0, runs.Count - iters))),8:F2}"));
        File.Delete(file);
    }

    /// <summary>
    /// The generator both ONNX Runtime timers use: ngf 64, seeded normal(0, 0.02) weights, eval mode, batch norm for the
    /// U-Nets and instance norm for the ResNets (as the reference's pix2pix and CycleGAN build them), and its ONNX export.
    /// </summary>
    internal static (Pix2Pix.Engine.Modules.Module Network, byte[] Onnx) ExportedGenerator(string netG)
    {
        string norm = netG.StartsWith("resnet", StringComparison.Ordinal) ? "instance" : "batch";
        var g = NetworkFactory.DefineG(3, 3, 64, netG, norm, useDropout: norm == "batch", "normal", 0.02f, new Rng(1), null);
        g.Eval();
        return (g, OnnxExporter.ToBytes(g, new OnnxExportOptions { InputChannels = 3, OutputChannels = 3 }));
    }

    private static string Flag(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0)
            return fallback;
        if (i + 1 >= args.Length)
            throw new ArgumentException($"{name} needs a value.");
        return args[i + 1];
    }
}

using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `onnx-inference [ROUNDS] [no-spin] [unfolded]`: unet_256 (ngf 64, batch norm, eval mode) at 256², batch 1: our engine's forward against
/// ONNX Runtime on the same network exported by <see cref="OnnxExporter"/>, on 1 and 2 threads. The two alternate
/// round by round (so machine noise falls on both alike); reports medians and min–max (on one thread also of the process's
/// CPU time, which a busy machine disturbs less), and checks the outputs agree.
/// ONNX Runtime's workers spin after each run by default and so can take a core from the call that follows;
/// <c>no-spin</c> turns that off (<c>session.intra_op.allow_spinning = 0</c>), as our workers stop after ≈ 200 µs.
/// With more than one thread it also splits each side's times by which call ran just before (the rounds alternate the
/// order), which shows ONNX Runtime's spinning workers slowing our next call.
/// <c>unfolded</c> runs our network without folding its batch norms into the convolutions (<see cref="InferenceFolding"/>).
/// </summary>
internal static class OnnxInferenceTimer
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 9;
        bool noSpin = args.Contains("no-spin");
        bool unfolded = args.Contains("unfolded");
        var (g, model) = OrtBench.ExportedGenerator("unet_256");
        if (!unfolded)
            InferenceFolding.FoldBatchNorm(g);
        var input = Pix2Pix.Engine.Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, 256, 256);
        Console.WriteLine($"unet_256 ngf 64 at 256x256, batch 1, eval; ONNX model {model.Length / 1e6:F1} MB; {rounds} alternating rounds after 2 warm-ups"
            + (noSpin ? "; ONNX Runtime's workers do not spin" : "") + (unfolded ? "; our batch norms not folded" : "")
            + $"; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"threads",7} {"ours ms",9} {"(min-max)",16} {"ORT ms",9} {"(min-max)",16} {"ours/ORT",9} {"max |diff|",11}");
        foreach (int threads in new[] { 1, 2 })
        {
            using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
            if (noSpin)
                options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            using var session = new InferenceSession(model, options);
            using var degree = Parallelism.WithDegree(threads);
            var arena = new TensorArena();
            float[] ours = [], theirs = [];
            var process = Process.GetCurrentProcess();
            var oursCpu = new List<double>();
            var theirsCpu = new List<double>();
            double Ours()
            {
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using (arena.Enter())
                using (Autograd.NoGrad())
                    ours = (float[])g.Forward(input).Data.Clone();
                double ms = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                oursCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
                return ms;
            }
            var tensor = new DenseTensor<float>(input.Data, new[] { 1, 3, 256, 256 });
            double Theirs()
            {
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using (var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]))
                    theirs = results[0].AsTensor<float>().ToArray();
                double ms = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                theirsCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
                return ms;
            }
            for (int i = 0; i < 2; i++)
            {
                Ours();
                Theirs();
            }
            var oursMs = new List<double>();
            var theirsMs = new List<double>();
            oursCpu.Clear();
            theirsCpu.Clear();
            for (int round = 0; round < rounds; round++)
            {
                if (round % 2 == 0)
                {
                    oursMs.Add(Ours());
                    theirsMs.Add(Theirs());
                }
                else
                {
                    theirsMs.Add(Theirs());
                    oursMs.Add(Ours());
                }
            }
            double diff = ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second));
            Console.WriteLine($"{threads,7} {Median(oursMs),9:F1} {$"({oursMs.Min():F1}-{oursMs.Max():F1})",16} {Median(theirsMs),9:F1} {$"({theirsMs.Min():F1}-{theirsMs.Max():F1})",16} {Median(oursMs) / Median(theirsMs),9:F2} {diff,11:G3}");
            // Rounds alternate the order, so our call follows ONNX Runtime's in odd rounds and our own in even ones: a
            // difference shows ONNX Runtime's spinning workers (or anything it leaves behind) slowing our next call.
            if (threads > 1 && rounds >= 4)
            {
                var afterTheirs = oursMs.Where((_, i) => i % 2 == 1).ToList();
                var afterOurs = oursMs.Where((_, i) => i % 2 == 0 && i > 0).ToList();
                // ONNX Runtime's call follows ours in even rounds and its own in odd ones.
                var theirsAfterOurs = theirsMs.Where((_, i) => i % 2 == 0).ToList();
                var theirsAfterTheirs = theirsMs.Where((_, i) => i % 2 == 1).ToList();
                Console.WriteLine($"{"",7} ours right after ONNX Runtime's call {Median(afterTheirs):F1} ms, after our own {Median(afterOurs):F1} ms; "
                    + $"ONNX Runtime's after ours {Median(theirsAfterOurs):F1} ms, after its own {Median(theirsAfterTheirs):F1} ms");
            }
            // One thread: the process's CPU time is the call's own (ONNX Runtime has no worker then), which a busy machine
            // disturbs far less than wall time. With more threads it also counts spinning workers, so it is not shown.
            if (threads == 1)
                Console.WriteLine($"{"1 (CPU)",7} {Median(oursCpu),9:F1} {$"({oursCpu.Min():F1}-{oursCpu.Max():F1})",16} {Median(theirsCpu),9:F1} {$"({theirsCpu.Min():F1}-{theirsCpu.Max():F1})",16} {Median(oursCpu) / Median(theirsCpu),9:F2}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

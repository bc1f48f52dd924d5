using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>One convolution of a network timed on its own: forward, data gradient and weight gradient kernels.</summary>
/// <param name="Network">"G" or "D".</param>
/// <param name="Shape">Channels, sides, kernel, stride and padding, e.g. <c>128→256 64²→32² k4 s2 p1</c>.</param>
/// <param name="Flops">FLOPs of one forward (2 per multiply-add); the data and weight gradients cost the same.</param>
/// <param name="ForwardMs">Median ms of the forward kernel.</param>
/// <param name="DataMs">Median ms of the data-gradient kernel.</param>
/// <param name="WeightMs">Median ms of the weight-gradient kernel (bias gradient included).</param>
/// <param name="ForwardCalls">Forward calls of this layer in one pix2pix training step.</param>
/// <param name="DataCalls">Data-gradient calls per step (none for a first layer: its input needs no gradient).</param>
/// <param name="WeightCalls">Weight-gradient calls per step.</param>
internal sealed record LayerTiming(string Network, string Name, string Type, string Shape, long Flops,
    double ForwardMs, double DataMs, double WeightMs, int ForwardCalls, int DataCalls, int WeightCalls)
{
    /// <summary>Milliseconds this layer's kernels take in one training step.</summary>
    public double StepMs => ForwardCalls * ForwardMs + DataCalls * DataMs + WeightCalls * WeightMs;

    public double Gflops(double ms) => Flops / (ms * 1e6);
}

/// <summary>
/// Times every convolution and transposed convolution of a pix2pix model's G and D on their own, with the shapes of a
/// training step (seeded random inputs, weights and gradients): the forward, data-gradient and weight-gradient
/// kernels, median of <c>repetitions</c> runs after one warm-up (and one untimed pass over all layers first). Per-step call counts follow pix2pix's step: G's layers
/// run forward and both gradients once (its first layer needs no data gradient); D's run forward three times (fake for
/// D, real for D, fake for G), the data gradient three times (once for D's first layer: only the G update needs the
/// gradient of its input) and the weight gradient twice (D is frozen during the G update).
/// </summary>
internal static class LayerBench
{
    /// <summary>
    /// Calls of each kernel of one G and one D per training step (the first layer's data gradient: a third of the
    /// count, as only one pass in three needs the gradient of its input). pix2pix: G forward and both gradients once;
    /// D forward 3, data 3, weight 2. cycle_gan (the table shows G_A and D_A; G_B and D_B are the same networks, so
    /// the counts cover both): each G runs three times (fake, reconstruction, identity) with both gradients, each D
    /// as pix2pix's.
    /// </summary>
    private static readonly Dictionary<string, ((int Forward, int Data, int Weight) G, (int Forward, int Data, int Weight) D)> StepCalls = new()
    {
        ["pix2pix"] = ((1, 1, 1), (3, 3, 2)),
        ["cycle_gan"] = ((6, 6, 6), (6, 6, 4)),
        ["colorization"] = ((1, 1, 1), (3, 3, 2)),
    };

    public static IReadOnlyList<LayerTiming> Run(BenchSettings settings, int repetitions, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        if (repetitions < 1)
            throw new ArgumentException($"--iters {repetitions} must be 1 or more (runs of each kernel).");
        var opt = settings.Options;
        using (Parallelism.WithDegree(opt.NumThreads))
        {
            var descriptor = ModelRegistry.Get(opt.Model);
            if (!StepCalls.TryGetValue(descriptor.Name, out var calls))
                throw new ArgumentException($"--phase layers times the convolutions of {string.Join(" and ", StepCalls.Keys)}; --model {opt.Model} is not one of them.");
            var model = descriptor.Build(opt, (ulong)opt.Seed);
            var gSlot = descriptor.Generators.First();
            var dSlot = descriptor.Discriminators.First();
            Module netG = model.Network(gSlot.Name), netD = model.Network(dSlot.Name);
            int n = opt.BatchSize, size = opt.CropSize;
            int[] gInput = [n, gSlot.InputChannels(opt), size, size], dInput = [n, dSlot.InputChannels(opt), size, size];
            var rng = new Rng((ulong)opt.Seed ^ 0x5A5A_1234_9876_ABCDUL);
            // One untimed pass over every layer first, so all kernels run JIT-optimized code when they are timed.
            var warmup = new List<LayerTiming>();
            Collect("G", netG, gInput, 1, 1, 1, rng, 1, warmup, TextWriter.Null);
            Collect("D", netD, dInput, 3, 3, 2, rng, 1, warmup, TextWriter.Null);
            var results = new List<LayerTiming>();
            Collect("G", netG, gInput, calls.G.Forward, calls.G.Data, calls.G.Weight, rng, repetitions, results, progress);
            Collect("D", netD, dInput, calls.D.Forward, calls.D.Data, calls.D.Weight, rng, repetitions, results, progress);
            return results;
        }
    }

    private static void Collect(string network, Module net, int[] inputShape, int forwardCalls, int dataCalls, int weightCalls,
        Rng rng, int repetitions, List<LayerTiming> results, TextWriter progress)
    {
        var modules = net.NamedModules().ToDictionary(m => m.Name, m => m.Module);
        bool first = true;
        foreach (var layer in ShapeWalk.Profile(net, inputShape).Layers)
        {
            if (layer.Flops == 0)
                continue;
            var module = modules[layer.Name];
            var x = layer.InputShape;
            LayerTiming timing = module switch
            {
                Conv2d conv => TimeConv(network, layer, conv, new Conv2dGeometry(x[0], x[1], x[2], x[3], conv.OutChannels,
                    conv.KernelSize, conv.KernelSize, conv.Stride, conv.Stride, conv.Padding, conv.Padding), rng, repetitions),
                ConvTranspose2d convT => TimeConvTranspose(network, layer, convT, new ConvTranspose2dGeometry(x[0], x[1], x[2], x[3],
                    convT.OutChannels, convT.KernelSize, convT.KernelSize, convT.Stride, convT.Stride, convT.Padding, convT.Padding,
                    convT.OutputPadding, convT.OutputPadding), rng, repetitions),
                _ => throw new NotSupportedException($"{layer.Name} ({layer.Type}) has FLOPs but is not a convolution."),
            };
            timing = timing with { ForwardCalls = forwardCalls, DataCalls = first ? dataCalls / 3 : dataCalls, WeightCalls = weightCalls };
            first = false;
            results.Add(timing);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{network} {layer.Name}: {timing.Shape}: forward {timing.ForwardMs:F2} ms, data {timing.DataMs:F2} ms, weight {timing.WeightMs:F2} ms"));
        }
    }

    private static LayerTiming TimeConv(string network, LayerProfile layer, Conv2d conv, Conv2dGeometry g, Rng rng, int repetitions)
        => Time(network, layer, "conv", conv.Bias is not null, g.InputLength, g.WeightLength, g.OutputLength, g.OutChannels,
            Describe(g.InChannels, g.OutChannels, g.InHeight, g.InWidth, g.OutHeight, g.OutWidth, g.KernelH, g.StrideH, g.PadH), rng, repetitions,
            (x, w, b, y) => Conv2dKernels.Forward(x, w, b, y, g),
            (dy, w, dx) => Conv2dKernels.BackwardData(dy, w, dx, g),
            (dy, x, dw, db) => Conv2dKernels.BackwardWeight(dy, x, dw, db, g));

    private static LayerTiming TimeConvTranspose(string network, LayerProfile layer, ConvTranspose2d conv, ConvTranspose2dGeometry g, Rng rng, int repetitions)
        => Time(network, layer, "convT", conv.Bias is not null, g.InputLength, g.WeightLength, g.OutputLength, g.OutChannels,
            Describe(g.InChannels, g.OutChannels, g.InHeight, g.InWidth, g.OutHeight, g.OutWidth, g.KernelH, g.StrideH, g.PadH), rng, repetitions,
            (x, w, b, y) => ConvTranspose2dKernels.Forward(x, w, b, y, g),
            (dy, w, dx) => ConvTranspose2dKernels.BackwardData(dy, w, dx, g),
            (dy, x, dw, db) => ConvTranspose2dKernels.BackwardWeight(dy, x, dw, db, g));

    /// <summary>Times the three kernels of one layer on seeded random buffers of the given lengths.</summary>
    private static LayerTiming Time(string network, LayerProfile layer, string type, bool hasBias, int inputLength, int weightLength,
        int outputLength, int outChannels, string shape, Rng rng, int repetitions,
        Action<float[], float[], float[], float[]> forward, Action<float[], float[], float[]> data, Action<float[], float[], float[], float[]> weight)
    {
        float[] input = Random(rng, inputLength), w = Random(rng, weightLength), output = new float[outputLength];
        float[] gradOutput = Random(rng, outputLength), gradInput = new float[inputLength], gradWeight = new float[weightLength];
        float[] bias = hasBias ? Random(rng, outChannels) : [];
        float[] gradBias = new float[bias.Length];
        // The fresh buffers (tens of MB for the large layers) would otherwise leave a background collection running
        // over the first timed kernel; and the three kernels take turns, so that a burst of noise does not fall on one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (fwd, dat, wgt) = Medians(repetitions,
            () => forward(input, w, bias, output),
            () => data(gradOutput, w, gradInput),
            () => weight(gradOutput, input, gradWeight, gradBias));
        return new LayerTiming(network, layer.Name, type, shape, layer.Flops, fwd, dat, wgt, 0, 0, 0);
    }

    private static string Describe(int inChannels, int outChannels, int inH, int inW, int outH, int outW, int kernel, int stride, int padding)
        => string.Create(CultureInfo.InvariantCulture,
            $"{inChannels}→{outChannels} {Side(inH, inW)}→{Side(outH, outW)} k{kernel} s{stride} p{padding}");

    private static string Side(int h, int w) => h == w ? $"{h}²" : $"{h}×{w}";

    private static float[] Random(Rng rng, int length)
    {
        var values = new float[length];
        rng.FillUniform(values, -1f, 1f);
        return values;
    }

    /// <summary>Median ms of each of three kernels, run in turn <paramref name="repetitions"/> times after one warm-up each.</summary>
    private static (double, double, double) Medians(int repetitions, Action first, Action second, Action third)
    {
        Action[] kernels = [first, second, third];
        foreach (Action kernel in kernels)
            kernel();
        var times = new double[3][];
        for (int k = 0; k < 3; k++)
            times[k] = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                long start = Stopwatch.GetTimestamp();
                kernels[k]();
                times[k][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        return (Median(times[0]), Median(times[1]), Median(times[2]));
    }

    private static double Median(double[] times)
    {
        Array.Sort(times);
        int n = times.Length;
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }

    /// <summary>
    /// The timings as a Markdown table: ms, GFLOP/s and percent of <paramref name="peakGflops"/> (the FP32 peak of the
    /// threads used, measured by <see cref="PeakFlops"/>) for each kernel, and ms per training step.
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<LayerTiming> timings, double peakGflops)
    {
        if (!(peakGflops > 0))
            throw new ArgumentOutOfRangeException(nameof(peakGflops), peakGflops, "The peak must be a positive GFLOP/s figure (measure it with PeakFlops).");
        double peak = peakGflops;
        var sb = new StringBuilder();
        sb.AppendLine("| net | layer | shape | GFLOP | forward ms | GFLOP/s | % peak | data grad ms | GFLOP/s | % peak | weight grad ms | GFLOP/s | % peak | ms per step |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in timings)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"| {t.Network} | {t.Name} | {t.Type} {t.Shape} | {t.Flops / 1e9:F3} "));
            foreach (double ms in new[] { t.ForwardMs, t.DataMs, t.WeightMs })
                sb.Append(string.Create(CultureInfo.InvariantCulture, $"| {ms:F2} | {t.Gflops(ms):F1} | {100 * t.Gflops(ms) / peak:F0} "));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {t.StepMs:F1} |"));
        }
        double total = timings.Sum(t => t.StepMs);
        double flops = timings.Sum(t => (double)t.Flops * (t.ForwardCalls + t.DataCalls + t.WeightCalls));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| all | | convolution kernels of one training step | {flops / 1e9:F2} | | | | | | | | | | {total:F1} ({flops / (total * 1e6):F1} GFLOP/s, {100 * flops / (total * 1e6) / peak:F0} % of peak) |"));
        return sb.ToString();
    }
}

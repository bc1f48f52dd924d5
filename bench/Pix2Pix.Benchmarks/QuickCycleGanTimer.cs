using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `quick-cyclegan [REPS]`: the convolutions of CycleGAN's resnet generator at 128² that are not Winograd's (the 7×7
/// head and tail, the two stride-2 downsamplers, the two transposed upsamplers; the PatchGAN's middle layers), every pass on one thread by process
/// CPU time (robust on a shared machine): minimum and median of REPS runs. The data gradients through im2col also
/// show their two halves: the product into the column buffer and col2im. Each is first run for 0.4 s (at least 60
/// calls), so that tiered compilation has optimized everything it calls.
/// </summary>
internal static class QuickCycleGanTimer
{
    public static void Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        using var degree = Parallelism.WithDegree(1);
        var rng = new Random(5);
        Console.WriteLine($"Single thread, process CPU time, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {reps} runs each");
        Console.WriteLine("| layer | pass | algorithm | min (ms) | median (ms) | GFLOP/s (min) |");
        Console.WriteLine("|---|---|---|---:|---:|---:|");
        Conv("conv 3→64 7×7 (head)", new Conv2dGeometry(1, 3, 134, 134, 64, 7, 7, 1, 1, 0, 0), reps, rng);
        Conv("conv 64→128 3×3 s2", new Conv2dGeometry(1, 64, 128, 128, 128, 3, 3, 2, 2, 1, 1), reps, rng);
        Conv("conv 128→256 3×3 s2", new Conv2dGeometry(1, 128, 64, 64, 256, 3, 3, 2, 2, 1, 1), reps, rng);
        ConvT("convT 256→128 3×3 s2", new ConvTranspose2dGeometry(1, 256, 32, 32, 128, 3, 3, 2, 2, 1, 1, 1, 1), reps, rng);
        ConvT("convT 128→64 3×3 s2", new ConvTranspose2dGeometry(1, 128, 64, 64, 64, 3, 3, 2, 2, 1, 1, 1, 1), reps, rng);
        Conv("conv 64→3 7×7 (tail)", new Conv2dGeometry(1, 64, 134, 134, 3, 7, 7, 1, 1, 0, 0), reps, rng);
        Conv("D conv 64→128 4×4 s2", new Conv2dGeometry(1, 64, 64, 64, 128, 4, 4, 2, 2, 1, 1), reps, rng);
        Conv("D conv 128→256 4×4 s2", new Conv2dGeometry(1, 128, 32, 32, 256, 4, 4, 2, 2, 1, 1), reps, rng);
        Conv("D conv 256→512 4×4 s1", new Conv2dGeometry(1, 256, 16, 16, 512, 4, 4, 1, 1, 1, 1), reps, rng);
        InstanceNorm("instance norm 256×32² (resnet block)", 256, 32 * 32, reps, rng);
        InstanceNorm("instance norm 64×128² (head, last up)", 64, 128 * 128, reps, rng);
        Pad("reflection pad 256×32² by 1 (resnet block)", new ReflectionPadGeometry(256, 32, 32, 1, 1, 1, 1), reps, rng);
        Pad("reflection pad 64×128² by 3 (before the tail)", new ReflectionPadGeometry(64, 128, 128, 3, 3, 3, 3), reps, rng);
    }

    /// <summary>Reflection padding and its gradient against the row loop the op used before (the reference); GB/s = bytes written / min.</summary>
    private static void Pad(string name, ReflectionPadGeometry p, int reps, Random rng)
    {
        float[] x = GemmBenchmarks.Fill(p.Planes * p.H * p.W, rng), y = new float[p.Planes * p.OutH * p.OutW], dx = new float[x.Length];
        double bytes = 4.0 * y.Length;
        Report(name, "forward (GB/s)", "ReflectionPad", bytes, reps, () => ReflectionPad.Forward(x, y, p));
        Report(name, "forward (GB/s)", "reference", bytes, reps, () => Engine.Kernels.Reference.ReflectionPadReference.Forward(x, y, p));
        Report(name, "backward (GB/s)", "ReflectionPad", bytes, reps, () => ReflectionPad.BackwardAccumulate(y, dx, p));
        Report(name, "backward (GB/s)", "reference", bytes, reps, () => Engine.Kernels.Reference.ReflectionPadReference.BackwardAccumulate(y, dx, p));
    }

    /// <summary>Instance norm's forward (statistics and normalization, no affine) and backward; GB/s = bytes of x / min.</summary>
    private static void InstanceNorm(string name, int planes, int inner, int reps, Random rng)
    {
        float[] x = GemmBenchmarks.Fill(planes * inner, rng), dy = GemmBenchmarks.Fill(planes * inner, rng);
        float[] y = new float[x.Length], dx = new float[x.Length];
        float[] mean = new float[planes], invStd = new float[planes], variance = new float[planes];
        double bytes = 4.0 * x.Length;
        Report(name, "forward (GB/s)", "Norm", bytes, reps, () => Norm.ForwardBatchStats(x, [], [], 1, planes, inner, 1e-5f, y, mean, invStd, variance));
        Report(name, "backward (GB/s)", "Norm", bytes, reps, () => Norm.BackwardBatchStats(x, dy, [], mean, invStd, 1, planes, inner, dx, [], []));
    }

    private static double Flops(in Conv2dGeometry g)
        => 2.0 * g.Batch * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelH * g.KernelW;

    private static void Conv(string name, Conv2dGeometry g, int reps, Random rng)
    {
        float[] x = GemmBenchmarks.Fill(g.InputLength, rng), w = GemmBenchmarks.Fill(g.WeightLength, rng);
        float[] y = GemmBenchmarks.Fill(g.OutputLength, rng), dx = new float[g.InputLength], dw = new float[g.WeightLength];
        var plan = Conv2dPlan.For(g);
        double flops = Flops(g);
        Report(name, "forward", plan.Forward.Algorithm.ToString(), flops, reps, () => Conv2dKernels.Forward(x, w, [], y, g));
        Report(name, "data gradient", plan.BackwardData.Algorithm.ToString(), flops, reps, () => Conv2dKernels.BackwardData(y, w, dx, g));
        if (plan.BackwardData.Algorithm == ConvAlgorithm.Im2ColGemm && plan.BackwardData.Columns == ConvColumns.Buffer)
            Col2ImHalves(name, g, plan.BackwardData, y, w, dx, reps);
        Report(name, "weight gradient", plan.BackwardWeight.Algorithm.ToString(), flops, reps, () => Conv2dKernels.BackwardWeight(y, x, dw, [], g));
    }

    private static void ConvT(string name, ConvTranspose2dGeometry t, int reps, Random rng)
    {
        Conv2dGeometry g = t.AsConvolution();
        float[] x = GemmBenchmarks.Fill(t.InputLength, rng), w = GemmBenchmarks.Fill(t.WeightLength, rng);
        float[] y = GemmBenchmarks.Fill(t.OutputLength, rng), dx = new float[t.InputLength], dw = new float[t.WeightLength];
        var plan = Conv2dPlan.For(g);
        double flops = Flops(g);
        Report(name, "forward", plan.BackwardData.Algorithm.ToString(), flops, reps, () => ConvTranspose2dKernels.Forward(x, w, [], y, t));
        if (plan.BackwardData.Algorithm == ConvAlgorithm.Im2ColGemm && plan.BackwardData.Columns == ConvColumns.Buffer)
            Col2ImHalves(name, g, plan.BackwardData, x, w, y, reps);
        Report(name, "data gradient", plan.Forward.Algorithm.ToString(), flops, reps, () => ConvTranspose2dKernels.BackwardData(y, w, dx, t));
        Report(name, "weight gradient", plan.BackwardWeight.Algorithm.ToString(), flops, reps, () => ConvTranspose2dKernels.BackwardWeight(y, x, dw, [], t));
    }

    /// <summary>The im2col data gradient's product (Wᵀ·dy into the columns) and its col2im, each timed alone.</summary>
    private static void Col2ImHalves(string name, Conv2dGeometry g, ConvPassPlan plan, float[] dy, float[] w, float[] dx, int reps)
    {
        int k = g.InChannels * g.KernelH * g.KernelW, p = g.OutHeight * g.OutWidth;
        float[] columns = new float[plan.WorkspaceFloats];
        double flops = Flops(g);
        Report(name, "  its products Wᵀ·dy", "Gemm", flops, reps, () =>
        {
            for (int oy0 = 0; oy0 < g.OutHeight; oy0 += plan.ChunkRows)
            {
                int cols = (Math.Min(g.OutHeight, oy0 + plan.ChunkRows) - oy0) * g.OutWidth;
                Engine.Kernels.Gemm.Multiply(true, false, k, cols, g.OutChannels, w, k, dy.AsSpan(oy0 * g.OutWidth), p, columns, cols, accumulate: false);
            }
        });
        Report(name, "  its col2im", "Im2Col", flops, reps, () =>
        {
            for (int oy0 = 0; oy0 < g.OutHeight; oy0 += plan.ChunkRows)
                Im2Col.AccumulateInto(columns, dx, g, oy0, Math.Min(g.OutHeight, oy0 + plan.ChunkRows));
        });
    }

    private static void Report(string layer, string pass, string algorithm, double flops, int reps, Action run)
    {
        // Warm up past tiered compilation (a method is recompiled optimized after 30 calls, in the background, once
        // the start-up delay is over): otherwise a kernel without AggressiveOptimization is timed unoptimized.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 60 || warm.ElapsedMilliseconds < 400; i++)
            run();
        double[] times = CpuTimes.Sorted(reps, run);
        double min = times[0], median = times[reps / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {layer} | {pass} | {algorithm} | {min:F2} | {median:F2} | {flops / (min * 1e6):F1} |"));
    }
}

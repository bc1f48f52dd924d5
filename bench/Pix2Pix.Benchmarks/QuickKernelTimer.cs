using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `quick`: single-thread kernel timings by process CPU time rather than wall time, so that they stay meaningful on a
/// machine shared with other busy processes (wall-clock medians there mostly measure the scheduler). Minimum and
/// median over a few repetitions; GFLOP/s from the minimum, which is the least disturbed run.
/// </summary>
internal static class QuickKernelTimer
{
    public static void Run()
    {
        using var degree = Parallelism.WithDegree(1);
        var rng = new Random(3);
        Console.WriteLine($"Single thread, process CPU time, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores visible");
        Console.WriteLine("| Kernel | min (ms) | median (ms) | GFLOP/s (min) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Gemm("sgemm 256×256×256", 256, 256, 256, 40, rng);
        Gemm("sgemm 1024×1024×1024", 1024, 1024, 1024, 9, rng);
        Gemm("sgemm 256×1024×2048 (U-Net layer)", 256, 1024, 2048, 9, rng);

        var g = new Conv2dGeometry(1, 128, 64, 64, 256, 4, 4, 2, 2, 1, 1);
        var t = new ConvTranspose2dGeometry(1, 256, 32, 32, 128, 4, 4, 2, 2, 1, 1, 0, 0);
        double flops = 2.0 * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelH * g.KernelW;
        float[] x = GemmBenchmarks.Fill(g.InputLength, rng), w = GemmBenchmarks.Fill(g.WeightLength, rng);
        float[] y = GemmBenchmarks.Fill(g.OutputLength, rng), dx = new float[g.InputLength], dw = new float[g.WeightLength];
        float[] tx = GemmBenchmarks.Fill(t.InputLength, rng), tw = GemmBenchmarks.Fill(t.WeightLength, rng);
        float[] ty = GemmBenchmarks.Fill(t.OutputLength, rng), tdx = new float[t.InputLength], tdw = new float[t.WeightLength];
        Report("conv2d 128→256 4×4 s2, 64² forward", flops, 9, () => Conv2dKernels.Forward(x, w, [], y, g));
        Report("conv2d … backward data", flops, 9, () => Conv2dKernels.BackwardData(y, w, dx, g));
        Report("conv2d … backward weight", flops, 9, () => Conv2dKernels.BackwardWeight(y, x, dw, [], g));
        Report("convT 256→128 4×4 s2, 32² forward", flops, 9, () => ConvTranspose2dKernels.Forward(tx, tw, [], ty, t));
        Report("convT … backward data", flops, 9, () => ConvTranspose2dKernels.BackwardData(ty, tw, tdx, t));
        Report("convT … backward weight", flops, 9, () => ConvTranspose2dKernels.BackwardWeight(ty, tx, tdw, [], t));

        // Layers far from GEMM's sweet spot: the U-Net's innermost, its first, and PatchGAN's last.
        SmallLayer("conv2d 512→512 4×4 s2, 2² → 1²", new Conv2dGeometry(1, 512, 2, 2, 512, 4, 4, 2, 2, 1, 1), rng);
        SmallLayer("conv2d 3→64 4×4 s2, 256² → 128²", new Conv2dGeometry(1, 3, 256, 256, 64, 4, 4, 2, 2, 1, 1), rng);
        SmallLayer("conv2d 512→1 4×4 s1 p1, 31² → 30²", new Conv2dGeometry(1, 512, 31, 31, 1, 4, 4, 1, 1, 1, 1), rng);

        // Packing a 512×8192 weight (16 MB) as the GEMM's A operand, as a forward (W) and a data gradient (Wᵀ) do.
        float[] weight = GemmBenchmarks.Fill(512 * 8192, rng);
        Console.WriteLine("| Packing (GB/s = bytes read / min) | min (ms) | median (ms) | GB/s |");
        Report("pack A = W, 512×8192", 512.0 * 8192 * 4, 9, () => Engine.Kernels.Gemm.PackA(false, 512, 8192, weight, 8192));
        Report("pack A = Wᵀ, 8192×512", 512.0 * 8192 * 4, 9, () => Engine.Kernels.Gemm.PackA(true, 8192, 512, weight, 8192));
    }

    private static void SmallLayer(string name, Conv2dGeometry g, Random rng)
    {
        double flops = 2.0 * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelH * g.KernelW;
        float[] x = GemmBenchmarks.Fill(g.InputLength, rng), w = GemmBenchmarks.Fill(g.WeightLength, rng);
        float[] y = GemmBenchmarks.Fill(g.OutputLength, rng), dx = new float[g.InputLength], dw = new float[g.WeightLength];
        Report($"{name} forward", flops, 15, () => Conv2dKernels.Forward(x, w, [], y, g));
        Report($"{name} backward data", flops, 15, () => Conv2dKernels.BackwardData(y, w, dx, g));
        Report($"{name} backward weight", flops, 15, () => Conv2dKernels.BackwardWeight(y, x, dw, [], g));
    }

    private static void Gemm(string name, int m, int n, int k, int reps, Random rng)
    {
        float[] a = GemmBenchmarks.Fill(m * k, rng), b = GemmBenchmarks.Fill(k * n, rng), c = new float[m * n];
        Report(name, 2.0 * m * n * k, reps, () => Engine.Kernels.Gemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, accumulate: false));
    }

    private static void Report(string name, double flops, int reps, Action run)
    {
        run();
        double[] times = CpuTimes.Sorted(reps, run);
        double min = times[0], median = times[reps / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {min:F2} | {median:F2} | {flops / (min * 1e6):F1} |"));
    }
}

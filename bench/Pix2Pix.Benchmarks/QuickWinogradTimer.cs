using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `quick-winograd [REPS] [resnet|4x4|patchgan]`: single-thread CPU time of stride-1 3×3 convolutions by im2col + GEMM and by Winograd
/// F(4×4, 3×3), alternating the two on each geometry (forward, data gradient and weight gradient), medians and the ratio im2col / Winograd.
/// The resnet block (256 channels, 34² → 32², and 66² → 64²; `resnet`: only the first) and square layers of 16–512
/// channels and 8²–64² planes around the thresholds of <see cref="WinogradConv.IsWorthwhileForward"/> and
/// <see cref="WinogradConv.IsWorthwhileBackwardData"/>. `4x4`: stride-1 4×4 layers by F(3×3, 4×4) instead — the basic
/// PatchGAN's 256→512 (32² → 31² for pix2pix, 16² → 15² for CycleGAN; `patchgan`: only these two) and square layers of
/// 16–512 channels and 6²–64² input planes, pad 1.
/// </summary>
internal static class QuickWinogradTimer
{
    public static void Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        using var degree = Parallelism.WithDegree(1);
        var rng = new Random(5);
        Console.WriteLine($"Single thread, process CPU time, {SimdPaths.Current} path, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| Layer (N, Cin→Cout, input², pad) | pass | im2col (ms) | Winograd (ms) | im2col / Winograd |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        var shapes = new List<Conv2dGeometry> { new(1, 256, 34, 34, 256, 3, 3, 1, 1, 0, 0), new(1, 256, 66, 66, 256, 3, 3, 1, 1, 0, 0) };
        if (args.Length > 1 && args[1] == "resnet")
            shapes.RemoveAt(1);
        else if (args.Length > 1 && (args[1] == "4x4" || args[1] == "patchgan"))
        {
            shapes = [new(1, 256, 32, 32, 512, 4, 4, 1, 1, 1, 1), new(1, 256, 16, 16, 512, 4, 4, 1, 1, 1, 1)];
            if (args[1] == "4x4")
            {
                foreach (int c in new[] { 16, 32, 64, 128, 256, 512 })
                    foreach (int plane in new[] { 6, 8, 12, 16, 24, 32, 48, 64 })
                        shapes.Add(new(1, c, plane, plane, c, 4, 4, 1, 1, 1, 1));
                shapes.Add(new(1, 128, 64, 64, 256, 4, 4, 1, 1, 1, 1));
                shapes.Add(new(1, 64, 64, 64, 64, 4, 4, 1, 1, 1, 1));
                shapes.Add(new(2, 256, 32, 32, 512, 4, 4, 1, 1, 1, 1));
            }
        }
        else
        {
            foreach (int c in new[] { 16, 32, 64, 128, 256, 512 })
                foreach (int plane in new[] { 8, 12, 16, 24, 32, 64 })
                    shapes.Add(new(1, c, plane, plane, c, 3, 3, 1, 1, 1, 1));
            shapes.Add(new(4, 256, 34, 34, 256, 3, 3, 1, 1, 0, 0));
            shapes.Add(new(1, 3, 64, 64, 64, 3, 3, 1, 1, 1, 1));
            shapes.Add(new(1, 64, 64, 64, 3, 3, 3, 1, 1, 1, 1));
        }
        foreach (Conv2dGeometry g in shapes)
        {
            float[] x = GemmBenchmarks.Fill(g.InputLength, rng), w = GemmBenchmarks.Fill(g.WeightLength, rng);
            float[] y = new float[g.OutputLength], dx = new float[g.InputLength];
            ConvPassPlan forward = Conv2dPlan.Im2ColForward(g), data = Conv2dPlan.Im2ColBackwardData(g), weight = Conv2dPlan.Im2ColBackwardWeight(g);
            string name = $"{g.Batch}, {g.InChannels}→{g.OutChannels}, {g.InHeight}², pad {g.PadH}";
            Compare(name, "forward", reps,
                () => Im2ColGemmConv.ForwardAccumulate(forward, x, w, y, g),
                () => WinogradConv.ForwardAccumulate(x, w, y, g));
            Compare(name, "data gradient", reps,
                () => Im2ColGemmConv.BackwardDataAccumulate(data, y, w, dx, g),
                () => WinogradConv.BackwardDataAccumulate(y, w, dx, g));
            float[] dw = new float[g.WeightLength];
            Compare(name, "weight gradient", reps,
                () => Im2ColGemmConv.BackwardWeightAccumulate(weight, y, x, dw, g),
                () => WinogradConv.BackwardWeightAccumulate(y, x, dw, g));
        }
    }

    private static void Compare(string name, string pass, int reps, Action im2col, Action winograd)
    {
        im2col();
        winograd();
        using var process = Process.GetCurrentProcess();
        var a = new double[reps];
        var b = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            bool first = r % 2 == 0;
            double t1 = Time(process, first ? im2col : winograd), t2 = Time(process, first ? winograd : im2col);
            a[r] = first ? t1 : t2;
            b[r] = first ? t2 : t1;
        }
        Array.Sort(a);
        Array.Sort(b);
        double ma = a[reps / 2], mb = b[reps / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {pass} | {ma:F2} | {mb:F2} | {ma / mb:F2} |"));
    }

    private static double Time(Process process, Action run)
    {
        process.Refresh();
        TimeSpan before = process.TotalProcessorTime;
        run();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }
}

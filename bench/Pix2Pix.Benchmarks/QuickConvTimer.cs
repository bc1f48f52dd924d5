using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `quick-conv [--threads T] [--reps R] [--forward | --pass forward|data|weight] SPEC...`: the three passes of any convolution by process CPU time (one thread
/// by default), e.g. `c:1,256,32,512,4,2,1` (conv: batch, in channels, square input, out channels, square kernel,
/// stride, padding) or `t:1,1024,8,512,4,2,1[,1]` (transposed conv, same fields and an optional output padding) `g:M,N,K` (a plain GEMM, A and Aᵀ) or `p:M,K` (packing a weight as A, W and Wᵀ). GFLOP/s from the minimum.
/// </summary>
internal static class QuickConvTimer
{
    public static void Run(string[] args)
    {
        int threads = 1, reps = 9;
        string? only = null;
        var specs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads")
                threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--forward")
                only = "forward";
            else if (args[i] == "--pass")
                only = args[++i];
            else if (args[i] == "--reps")
                reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else
                specs.Add(args[i]);
        }
        using var degree = Parallelism.WithDegree(threads);
        var rng = new Random(5);
        Console.WriteLine($"{threads} thread(s), {(threads == 1 ? "process CPU" : "wall")} time, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| Pass | min (ms) | median (ms) | GFLOP/s (min) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (string spec in specs)
        {
            if (spec[0] == 'p')
            {
                // p:M,K — packing a weight as the GEMM's A operand, as W (M×K) and as Wᵀ; "GFLOP/s" column = GB/s read.
                int[] d = spec[2..].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                float[] weight = GemmBenchmarks.Fill(d[0] * d[1], rng);
                Report($"pack A = W, {d[0]}×{d[1]} (GB/s)", d[0] * 4.0 * d[1], reps, () => Engine.Kernels.Gemm.PackA(false, d[0], d[1], weight, d[1]));
                Report($"pack A = Wᵀ, {d[1]}×{d[0]} (GB/s)", d[0] * 4.0 * d[1], reps, () => Engine.Kernels.Gemm.PackA(true, d[1], d[0], weight, d[1]));
                continue;
            }
            if (spec[0] == 'i')
            {
                // i:N,Cin,H,Cout,K,S,P — im2col (Pack) and col2im (AccumulateInto) of one image of that convolution; "GFLOP/s" = G elements/s.
                int[] d = spec[2..].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                var cg = new Conv2dGeometry(1, d[1], d[2], d[2], d[3], d[4], d[4], d[5], d[5], d[6], d[6]);
                int rows = cg.InChannels * cg.KernelH * cg.KernelW, cols = cg.OutHeight * cg.OutWidth;
                float[] image = GemmBenchmarks.Fill(cg.InputLength, rng), col = GemmBenchmarks.Fill(rows * cols, rng);
                Report($"im2col {cg.InChannels}×{cg.InHeight}² k{cg.KernelH} s{cg.StrideH} → {rows}×{cols} (G elements/s)", rows * (double)cols / 2, reps, () => Im2Col.Pack(image, col, cg));
                Report($"col2im {rows}×{cols} → {cg.InChannels}×{cg.InHeight}² (G elements/s)", rows * (double)cols / 2, reps, () => Im2Col.AccumulateInto(col, image, cg));
                continue;
            }
            if (spec[0] == 'g')
            {
                int[] d = spec[2..].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                int m = d[0], n = d[1], k = d[2];
                float[] a = GemmBenchmarks.Fill(m * k, rng), b = GemmBenchmarks.Fill(k * n, rng), c = new float[m * n];
                Report($"gemm {m}×{n}×{k}", 2.0 * m * n * k, reps, () => Engine.Kernels.Gemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, accumulate: false));
                Report($"gemm Aᵀ {m}×{n}×{k}", 2.0 * m * n * k, reps, () => Engine.Kernels.Gemm.Multiply(true, false, m, n, k, a, m, b, n, c, n, accumulate: false));
                continue;
            }
            int[] f = spec[2..].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (f.Length < 7 || f.Length > (spec[0] == 't' ? 8 : 7) || (spec[0] != 'c' && spec[0] != 't'))
                throw new ArgumentException($"quick-conv: '{spec}' is not c:N,Cin,H,Cout,K,S,P or t:N,Cin,H,Cout,K,S,P[,OutputPadding].");
            // A transposed convolution runs as the matching convolution's passes in the other order.
            bool transposed = spec[0] == 't';
            int outPad = f.Length > 7 ? f[7] : 0;
            var t = new ConvTranspose2dGeometry(f[0], f[1], f[2], f[2], f[3], f[4], f[4], f[5], f[5], f[6], f[6], outPad, outPad);
            Conv2dGeometry g = transposed ? t.AsConvolution() : new Conv2dGeometry(f[0], f[1], f[2], f[2], f[3], f[4], f[4], f[5], f[5], f[6], f[6]);
            double flops = 2.0 * g.Batch * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelH * g.KernelW;
            float[] x = GemmBenchmarks.Fill(g.InputLength, rng), w = GemmBenchmarks.Fill(g.WeightLength, rng);
            float[] y = GemmBenchmarks.Fill(g.OutputLength, rng), dx = new float[g.InputLength], dw = new float[g.WeightLength];
            string name = transposed
                ? $"convT {t.InChannels}→{t.OutChannels} {t.InHeight}²→{t.OutHeight}² k{t.KernelH} s{t.StrideH} b{t.Batch}"
                : $"conv {g.InChannels}→{g.OutChannels} {g.InHeight}²→{g.OutHeight}² k{g.KernelH} s{g.StrideH} b{g.Batch}";
            Action forward = () => Conv2dKernels.Forward(x, w, [], y, g), data = () => Conv2dKernels.BackwardData(y, w, dx, g);
            if (only is null or "forward")
                Report($"{name} forward", flops, reps, transposed ? () => ConvTranspose2dKernels.Forward(y, w, [], dx, t) : forward);
            if (only is null or "data")
                Report($"{name} data", flops, reps, transposed ? () => ConvTranspose2dKernels.BackwardData(dx, w, y, t) : data);
            if (only is null or "weight")
                Report($"{name} weight", flops, reps, transposed
                ? () => ConvTranspose2dKernels.BackwardWeight(dx, y, dw, [], t)
                : () => Conv2dKernels.BackwardWeight(y, x, dw, [], g));
        }
    }

    private static void Report(string name, double flops, int reps, Action run)
    {
        run();
        // One thread: CPU time (robust on a shared machine); more: wall time (CPU time would count every worker).
        double[] shown = CpuTimes.Sorted(reps, run, wall: Parallelism.Degree > 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {shown[0]:F2} | {shown[reps / 2]:F2} | {flops / (shown[0] * 1e6):F1} |"));
    }
}

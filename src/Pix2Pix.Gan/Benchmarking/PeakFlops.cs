using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>One measurement of the machine's FP32 multiply-add peak (<see cref="PeakFlops"/>).</summary>
/// <param name="Path">The SIMD path measured (the one the kernels use).</param>
/// <param name="Threads">Threads that ran the loop at the same time.</param>
/// <param name="GflopsPerCore">The single-thread rate: GFLOP/s (a multiply-add counts as 2) of one thread alone.</param>
/// <param name="GflopsAllThreads">The rate of <paramref name="Threads"/> threads together.</param>
internal sealed record PeakMeasurement(SimdPath Path, int Threads, double GflopsPerCore, double GflopsAllThreads)
{
    /// <summary>Per-thread rate when all run at once over the single-thread rate (1.0: no loss from running together).</summary>
    public double Scaling => GflopsAllThreads / (GflopsPerCore * Threads);
}

/// <summary>
/// Measures this machine's FP32 peak as the kernels can reach it: a loop of independent fused multiply-adds on the
/// widest SIMD path (<see cref="SimdPaths.Current"/>) with enough accumulators in registers to cover the FMA latency
/// (16 vectors on the 512-bit path; 8 on the 256-bit and portable paths, which have 16 registers), run by one thread and then by
/// <c>threads</c> threads at once, best of several trials. Every "% of peak" the bench prints divides by a figure
/// measured in the same process, so a report stays true when the machine changes (a Zen 4 with half-width AVX-512
/// FMA one week, a Zen 5 with full width the next).
/// </summary>
internal static class PeakFlops
{
    /// <summary>Measures one thread, then <paramref name="threads"/> threads together; each trial lasts about <paramref name="trialMilliseconds"/>.</summary>
    public static PeakMeasurement Measure(int threads, int trialMilliseconds = 150, int trials = 3)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "--num_threads must be 1 or more.");
        if (trialMilliseconds < 1 || trials < 1)
            throw new ArgumentOutOfRangeException(nameof(trials), "A peak measurement needs at least one trial of at least 1 ms.");
        SimdPath path = SimdPaths.Current;
        double single = 0, all = 0;
        for (int t = 0; t < trials; t++)
        {
            single = Math.Max(single, RunThreads(path, 1, trialMilliseconds));
            all = threads == 1 ? single : Math.Max(all, RunThreads(path, threads, trialMilliseconds));
        }
        return new PeakMeasurement(path, threads, single, threads == 1 ? single : all);
    }

    /// <summary>GFLOP/s of <paramref name="threads"/> threads each running the FMA loop for about <paramref name="milliseconds"/>.</summary>
    private static double RunThreads(SimdPath path, int threads, int milliseconds)
    {
        var flops = new double[threads];
        var seconds = new double[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            workers[i] = new Thread(() =>
            {
                var kernel = new FmaLoop { Milliseconds = milliseconds };
                SimdPaths.Run(path, ref kernel); // warm-up and JIT: the first call is compiled, not timed
                start.SignalAndWait();
                kernel = new FmaLoop { Milliseconds = milliseconds };
                SimdPaths.Run(path, ref kernel);
                flops[index] = kernel.Flops;
                seconds[index] = kernel.Seconds;
            })
            { IsBackground = true, Name = "pix2pix peak " + index };
            workers[i].Start();
        }
        foreach (var worker in workers)
            worker.Join();
        double total = 0;
        for (int i = 0; i < threads; i++)
            total += flops[i] / seconds[i];
        return total / 1e9;
    }

    /// <summary>
    /// Runs the blocks of chains until the time is up. The clock is read between blocks, not inside them: every vector
    /// register is caller-saved on x64 Unix, so a call inside the chain would send the accumulators to the stack.
    /// </summary>
    private struct FmaLoop : ISimdKernel
    {
        public int Milliseconds;
        public double Flops;
        public double Seconds;
        public float Sink;

        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            const int Iterations = 4096;
            TVec sum = TSimd.Zero;
            long fmas = 0;
            long begin = Stopwatch.GetTimestamp(), now;
            long stop = begin + Milliseconds * Stopwatch.Frequency / 1000;
            float seed = 1f;
            do
            {
                sum = TSimd.Add(sum, TSimd.Count >= 16 ? Block16<TSimd, TVec>(seed, Iterations) : Block8<TSimd, TVec>(seed, Iterations));
                fmas += (TSimd.Count >= 16 ? 16L : 8L) * Iterations;
                seed += 1e-3f;
                now = Stopwatch.GetTimestamp();
            }
            while (now < stop);
            Seconds = (now - begin) / (double)Stopwatch.Frequency;
            Flops = 2.0 * TSimd.Count * fmas;
            Sink = TSimd.Sum(sum);
        }

        /// <summary>16 independent chains (512-bit registers: 32 of them).</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static TVec Block16<TSimd, TVec>(float seed, int iterations)
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            TVec m = TSimd.Splat(0.999999f), c = TSimd.Splat(1e-7f);
            TVec a0 = TSimd.Splat(seed), a1 = TSimd.Splat(seed + 0.1f), a2 = TSimd.Splat(seed + 0.2f), a3 = TSimd.Splat(seed + 0.3f);
            TVec a4 = TSimd.Splat(seed + 0.4f), a5 = TSimd.Splat(seed + 0.5f), a6 = TSimd.Splat(seed + 0.6f), a7 = TSimd.Splat(seed + 0.7f);
            TVec a8 = a0, a9 = a1, a10 = a2, a11 = a3, a12 = a4, a13 = a5, a14 = a6, a15 = a7;
            for (int i = 0; i < iterations; i++)
            {
                a0 = TSimd.MulAdd(a0, m, c); a1 = TSimd.MulAdd(a1, m, c); a2 = TSimd.MulAdd(a2, m, c); a3 = TSimd.MulAdd(a3, m, c);
                a4 = TSimd.MulAdd(a4, m, c); a5 = TSimd.MulAdd(a5, m, c); a6 = TSimd.MulAdd(a6, m, c); a7 = TSimd.MulAdd(a7, m, c);
                a8 = TSimd.MulAdd(a8, m, c); a9 = TSimd.MulAdd(a9, m, c); a10 = TSimd.MulAdd(a10, m, c); a11 = TSimd.MulAdd(a11, m, c);
                a12 = TSimd.MulAdd(a12, m, c); a13 = TSimd.MulAdd(a13, m, c); a14 = TSimd.MulAdd(a14, m, c); a15 = TSimd.MulAdd(a15, m, c);
            }
            TVec s0 = TSimd.Add(TSimd.Add(TSimd.Add(a0, a1), TSimd.Add(a2, a3)), TSimd.Add(TSimd.Add(a4, a5), TSimd.Add(a6, a7)));
            TVec s1 = TSimd.Add(TSimd.Add(TSimd.Add(a8, a9), TSimd.Add(a10, a11)), TSimd.Add(TSimd.Add(a12, a13), TSimd.Add(a14, a15)));
            return TSimd.Add(s0, s1);
        }

        /// <summary>8 independent chains (256-bit and portable paths: 16 registers).</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static TVec Block8<TSimd, TVec>(float seed, int iterations)
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            TVec m = TSimd.Splat(0.999999f), c = TSimd.Splat(1e-7f);
            TVec a0 = TSimd.Splat(seed), a1 = TSimd.Splat(seed + 0.1f), a2 = TSimd.Splat(seed + 0.2f), a3 = TSimd.Splat(seed + 0.3f);
            TVec a4 = TSimd.Splat(seed + 0.4f), a5 = TSimd.Splat(seed + 0.5f), a6 = TSimd.Splat(seed + 0.6f), a7 = TSimd.Splat(seed + 0.7f);
            for (int i = 0; i < iterations; i++)
            {
                a0 = TSimd.MulAdd(a0, m, c); a1 = TSimd.MulAdd(a1, m, c); a2 = TSimd.MulAdd(a2, m, c); a3 = TSimd.MulAdd(a3, m, c);
                a4 = TSimd.MulAdd(a4, m, c); a5 = TSimd.MulAdd(a5, m, c); a6 = TSimd.MulAdd(a6, m, c); a7 = TSimd.MulAdd(a7, m, c);
            }
            return TSimd.Add(TSimd.Add(TSimd.Add(a0, a1), TSimd.Add(a2, a3)), TSimd.Add(TSimd.Add(a4, a5), TSimd.Add(a6, a7)));
        }
    }
}

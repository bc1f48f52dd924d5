using System.Diagnostics;
using System.Numerics;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// `quick-elementwise`: the elementwise kernels on 2²⁰ floats against the loops they replaced (commit b46ece7: scalar
/// MathF tanh and sigmoid, a Vector&lt;T&gt; add), by process CPU time, old and new alternating, medians.
/// </summary>
internal static class QuickElementwiseTimer
{
    private const int Length = 1 << 20, Rounds = 15, CallsPerRound = 10;

    public static void Run()
    {
        var rng = new Random(5);
        float[] a = GemmBenchmarks.Fill(Length, rng), b = GemmBenchmarks.Fill(Length, rng), y = new float[Length];
        for (int i = 0; i < Length; i++)
            a[i] *= 6f; // tanh and sigmoid over [−6, 6]: both branches of each
        Console.WriteLine($"Single thread, process CPU time per call on 2^20 floats, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, path {SimdPaths.Current}");
        Console.WriteLine("| kernel | old (µs, median) | new (µs, median) | speed-up |");
        Console.WriteLine("|---|---:|---:|---:|");
        Compare("add", () => OldAdd(a, b, y), () => Elementwise.Add(a, b, y));
        Compare("tanh", () => OldTanh(a, y), () => Elementwise.Tanh(a, y));
        Compare("sigmoid", () => OldSigmoid(a, y), () => Elementwise.Sigmoid(a, y));
        // Many short calls (norm and concat backward call per channel or row): the driver's fixed cost per call.
        Compare("add scaled, 2^14 calls of 64 floats", () => Slices(a, y, OldAddScaled), () => Slices(a, y, (x, d) => Elementwise.AddScaled(x, 0.5f, d)));
        Compare("add scaled, 2^15 calls of 32 floats, 2^15 of 1", () => ShortSlices(a, y, OldAddScaled), () => ShortSlices(a, y, (x, d) => Elementwise.AddScaled(x, 0.5f, d)));
    }

    private static void Compare(string name, Action old, Action current)
    {
        // Past tiered compilation's call-count threshold, and time for the background JIT to install the optimised code.
        for (int w = 0; w < 40; w++)
        {
            old();
            current();
        }
        Thread.Sleep(300);
        var times = new[] { new double[Rounds], new double[Rounds] };
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < Rounds; r++)
            for (int k = 0; k < 2; k++)
            {
                Action run = k == 0 ? old : current;
                process.Refresh();
                TimeSpan before = process.TotalProcessorTime;
                for (int c = 0; c < CallsPerRound; c++)
                    run();
                process.Refresh();
                times[k][r] = (process.TotalProcessorTime - before).TotalMilliseconds * 1000 / CallsPerRound;
            }
        Array.Sort(times[0]);
        Array.Sort(times[1]);
        double o = times[0][Rounds / 2], n = times[1][Rounds / 2];
        Console.WriteLine($"| {name} | {o:F0} | {n:F0} | {o / n:F1}× |");
    }

    private delegate void SpanKernel(ReadOnlySpan<float> x, Span<float> destination);

    private static void Slices(float[] x, float[] destination, SpanKernel kernel)
    {
        for (int s = 0; s < Length; s += 64)
            kernel(x.AsSpan(s, 64), destination.AsSpan(s, 64));
    }

    private static void ShortSlices(float[] x, float[] destination, SpanKernel kernel)
    {
        for (int s = 0; s < Length; s += 32)
        {
            kernel(x.AsSpan(s, 32), destination.AsSpan(s, 32));
            kernel(x.AsSpan(s, 1), destination.AsSpan(s + 1, 1));
        }
    }

    private static void OldAddScaled(ReadOnlySpan<float> x, Span<float> destination)
    {
        int i = 0;
        var s = new Vector<float>(0.5f);
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(destination[i..]) + new Vector<float>(x[i..]) * s).CopyTo(destination[i..]);
        for (; i < x.Length; i++)
            destination[i] += x[i] * 0.5f;
    }

    private static void OldAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        int i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(a[i..]) + new Vector<float>(b[i..])).CopyTo(destination[i..]);
        for (; i < a.Length; i++)
            destination[i] = a[i] + b[i];
    }

    private static void OldTanh(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = MathF.Tanh(x[i]);
    }

    private static void OldSigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = Elementwise.Sigmoid(x[i]); // the scalar sigmoid the span kernel looped over
    }
}

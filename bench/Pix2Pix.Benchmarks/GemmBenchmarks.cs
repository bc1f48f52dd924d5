using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>Single-thread and all-core sgemm: square 256², 1024² and 4096², and the U-Net layer shape (conv 128→256, 4×4, 64² input).</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class GemmBenchmarks
{
    private Parallelism.DegreeScope _degree;
    private float[] _a = [], _b = [], _c = [];

    /// <summary>"m×n×k".</summary>
    [Params("256x256x256", "1024x1024x1024", "4096x4096x4096", "256x1024x2048")]
    public string Shape { get; set; } = "256x256x256";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private (int M, int N, int K) Size => Parse(Shape);

    private static (int M, int N, int K) Parse(string shape)
    {
        int[] v = Array.ConvertAll(shape.Split('x'), int.Parse);
        return (v[0], v[1], v[2]);
    }

    public static double FlopsOf(string method, ParameterInstances parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (m, n, k) = Parse((string)parameters["Shape"]);
        return 2.0 * m * n * k;
    }

    [GlobalSetup]
    public void Setup()
    {
        _degree = Parallelism.WithDegree(Threads);
        var (m, n, k) = Size;
        var rng = new Random(1);
        _a = Fill(m * k, rng);
        _b = Fill(k * n, rng);
        _c = new float[m * n];
    }

    // The benchmark methods run on the thread that ran the setup, so they see its degree.
    [GlobalCleanup]
    public void Cleanup() => _degree.Dispose();

    internal static float[] Fill(int length, Random rng)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    [Benchmark]
    public void Multiply()
    {
        var (m, n, k) = Size;
        Gemm.Multiply(false, false, m, n, k, _a, k, _b, n, _c, n, accumulate: false);
    }
}

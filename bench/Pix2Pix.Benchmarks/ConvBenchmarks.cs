using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// One U-Net encoder layer (N=1, 128→256 channels, 64×64 input, 4×4 stride 2 pad 1) and its decoder twin
/// (transposed, 256→128 channels, 32×32 → 64×64): forward, data-gradient, weight-gradient.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class ConvBenchmarks
{
    private static readonly Conv2dGeometry Conv = new(1, 128, 64, 64, 256, 4, 4, 2, 2, 1, 1);
    private static readonly ConvTranspose2dGeometry ConvT = new(1, 256, 32, 32, 128, 4, 4, 2, 2, 1, 1, 0, 0);

    private Parallelism.DegreeScope _degree;
    private float[] _x = [], _w = [], _b = [], _y = [], _dx = [], _dw = [], _db = [];
    private float[] _tx = [], _tw = [], _ty = [], _tdx = [], _tdw = [];

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Both layers do 2·N·Cout·OH·OW·Cin·kH·kW = 2·256·32·32·128·16 flops.</summary>
    public static double FlopsOf(string method, ParameterInstances parameters)
        => 2.0 * Conv.Batch * Conv.OutChannels * Conv.OutHeight * Conv.OutWidth * Conv.InChannels * Conv.KernelH * Conv.KernelW;

    [GlobalSetup]
    public void Setup()
    {
        _degree = Parallelism.WithDegree(Threads);
        var rng = new Random(2);
        _x = GemmBenchmarks.Fill(Conv.InputLength, rng);
        _w = GemmBenchmarks.Fill(Conv.WeightLength, rng);
        _b = GemmBenchmarks.Fill(Conv.OutChannels, rng);
        _y = GemmBenchmarks.Fill(Conv.OutputLength, rng);
        _dx = new float[Conv.InputLength];
        _dw = new float[Conv.WeightLength];
        _db = new float[Conv.OutChannels];
        _tx = GemmBenchmarks.Fill(ConvT.InputLength, rng);
        _tw = GemmBenchmarks.Fill(ConvT.WeightLength, rng);
        _ty = GemmBenchmarks.Fill(ConvT.OutputLength, rng);
        _tdx = new float[ConvT.InputLength];
        _tdw = new float[ConvT.WeightLength];
    }

    // The benchmark methods run on the thread that ran the setup, so they see its degree.
    [GlobalCleanup]
    public void Cleanup() => _degree.Dispose();

    [Benchmark]
    public void Conv2dForward() => Conv2dKernels.Forward(_x, _w, _b, _y, Conv);

    [Benchmark]
    public void Conv2dBackwardData() => Conv2dKernels.BackwardData(_y, _w, _dx, Conv);

    [Benchmark]
    public void Conv2dBackwardWeight() => Conv2dKernels.BackwardWeight(_y, _x, _dw, _db, Conv);

    [Benchmark]
    public void ConvTranspose2dForward() => ConvTranspose2dKernels.Forward(_tx, _tw, _b.AsSpan(0, ConvT.OutChannels), _ty, ConvT);

    [Benchmark]
    public void ConvTranspose2dBackwardData() => ConvTranspose2dKernels.BackwardData(_ty, _tw, _tdx, ConvT);

    [Benchmark]
    public void ConvTranspose2dBackwardWeight() => ConvTranspose2dKernels.BackwardWeight(_ty, _tx, _tdw, _db.AsSpan(0, ConvT.OutChannels), ConvT);
}

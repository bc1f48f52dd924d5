using System.Text.Json;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Tests.Kernels;
using Pix2Pix.Engine.Tests.Support;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>
/// The Winograd F(4×4, 3×3) convolution path against PyTorch 1.13's conv2d (tools/make_winograd_reference.py): output,
/// input gradient and weight/bias gradients of stride-1 3×3 layers on which <see cref="Conv2dPlan"/> chooses Winograd
/// for the forward, the data gradient and the weight gradient — a resnet block's 64→64, 34²→32² pad 0, and 40→36, 33²→33² pad 1, batch 2
/// (partial tiles) — through the kernels on every SIMD path and once through the autograd module. And F(3×3, 4×4) on
/// a narrowed PatchGAN stride-1 layer, 40→48, 20²→19² pad 1, batch 2: through <see cref="WinogradConv"/> directly for
/// all three passes (the plan keeps such narrow layers' gradients on im2col; it takes Winograd for the forward).
/// </summary>
public class WinogradParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Tolerance: |ours − PyTorch| ≤ Atol·rms(PyTorch's tensor) + Rtol·|PyTorch's element|. Inputs are uniform in
    /// [−1, 1) and weights /16, so outputs and input gradients have an rms of about 0.4–0.5 (weight and bias gradients
    /// 10–27). Observed, identical on all three SIMD paths and through the module, as max |diff| (max |diff| / rms):
    /// Winograd forward 1.1·10⁻⁵ (2.2·10⁻⁵) on resnet64 and 8.1·10⁻⁶ (2.1·10⁻⁵) on odd40to36; Winograd data gradient
    /// 1.1·10⁻⁵ (2.3·10⁻⁵) and 9.2·10⁻⁶ (2.5·10⁻⁵); Winograd weight gradient 1.9·10⁻⁴ (1.8·10⁻⁵) and 3.9·10⁻⁴ (2.6·10⁻⁵),
    /// im2col's on the same geometries 5.0·10⁻⁵ (4.7·10⁻⁶) and 1.1·10⁻⁴ (7.0·10⁻⁶); bias gradient 5.3·10⁻⁵
    /// (2.8·10⁻⁶) and 7.1·10⁻⁵ (2.6·10⁻⁶). The im2col path on the same geometries differs from PyTorch by at most
    /// 3.7·10⁻⁶ (forward) and 1.9·10⁻⁶ (data gradient) of the rms, so Winograd's transforms cost about a factor of
    /// 6–13 (about 4 for the weight gradient) — inside the kernel tests' double-precision bound (6·10⁻⁶·Σ|w||x|, about
    /// 1·10⁻⁴·rms here). Atol = 7.5·10⁻⁵ leaves a margin of 3 over the worst Winograd difference (unchanged when the
    /// weight gradient moved to Winograd); a tile or padding mistake would be of the order of the rms. F(3×3, 4×4) on
    /// patch40to48, the same on every path: forward 1.2·10⁻⁵ (2.4·10⁻⁵ of the rms), data gradient 8.5·10⁻⁶ (1.6·10⁻⁵),
    /// weight gradient 2.3·10⁻⁴ (2.6·10⁻⁵); im2col's 3.7·10⁻⁶, 2.7·10⁻⁶ and 3.5·10⁻⁶ of the rms — the same tolerance,
    /// a margin of about 3.
    /// </summary>
    private const float Atol = 7.5e-5f, Rtol = 1e-5f;

    private static readonly Lazy<(StateDict Tensors, Dictionary<string, Conv2dGeometry> Cases, Dictionary<string, int> Seeds)> s_fixture = new(Load);

    public static TheoryData<string, string> CasesAndPaths()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in s_fixture.Value.Cases.Keys)
            foreach (string path in GemmKernelTests.Paths())
                data.Add(name, path);
        return data;
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in s_fixture.Value.Cases.Keys)
            data.Add(name);
        return data;
    }

    [Fact]
    public void The_fixture_holds_the_three_geometries()
    {
        Assert.Equal(["odd40to36", "patch40to48", "resnet64"], s_fixture.Value.Cases.Keys.Order().ToArray());
        Assert.Equal(4, s_fixture.Value.Cases["patch40to48"].KernelH);
    }

    [Theory]
    [MemberData(nameof(CasesAndPaths))]
    public void Kernels_take_winograd_and_match_pytorch(string name, string path)
    {
        using var forced = ForcedPath(path);
        var (g, x, w, b, dy) = Inputs(name);
        Conv2dPlan plan = Conv2dPlan.For(g);
        Assert.Equal(Enum.Parse<SimdPath>(path), plan.Path);
        Assert.Equal(ConvAlgorithm.Winograd, plan.Forward.Algorithm);
        float[] y = new float[g.OutputLength], dx = new float[g.InputLength], dw = new float[g.WeightLength], db = new float[g.OutChannels];
        if (g.KernelH == 3)
        {
            Assert.Equal(ConvAlgorithm.Winograd, plan.BackwardData.Algorithm);
            Assert.Equal(ConvAlgorithm.Winograd, plan.BackwardWeight.Algorithm);
            Conv2dKernels.Forward(x, w, b, y, g);
            Conv2dKernels.BackwardData(dy, w, dx, g);
            Conv2dKernels.BackwardWeight(dy, x, dw, db, g);
        }
        else
        {
            // F(3×3, 4×4) for all three passes whatever the plan says for this narrow layer; the bias as the executor adds it.
            WinogradConv.ForwardAccumulate(x, w, y, g);
            for (int i = 0; i < y.Length; i++)
                y[i] += b[i / (g.OutHeight * g.OutWidth) % g.OutChannels];
            WinogradConv.BackwardDataAccumulate(dy, w, dx, g);
            float[] scratch = new float[g.WeightLength];
            Conv2dKernels.BackwardWeight(dy, x, scratch, db, g);
            WinogradConv.BackwardWeightAccumulate(dy, x, dw, g);
        }
        string where = $"{name} on {path}";
        Compare(name, "y", y, $"forward {where}");
        Compare(name, "dx", dx, $"data gradient {where}");
        Compare(name, "dw", dw, $"weight gradient {where}");
        Compare(name, "db", db, $"bias gradient {where}");

        // For the record: the im2col path on the same geometry (what Winograd replaced).
        float[] yi = new float[g.OutputLength], dxi = new float[g.InputLength];
        Im2ColGemmConv.ForwardAccumulate(Conv2dPlan.Im2ColForward(g), x, w, yi, g);
        for (int i = 0; i < yi.Length; i++)
            yi[i] += b[i / (g.OutHeight * g.OutWidth) % g.OutChannels];
        Im2ColGemmConv.BackwardDataAccumulate(Conv2dPlan.Im2ColBackwardData(g), dy, w, dxi, g);
        Log(name, "y", yi, $"im2col forward {where}");
        Log(name, "dx", dxi, $"im2col data gradient {where}");
        float[] dwi = new float[g.WeightLength];
        Im2ColGemmConv.BackwardWeightAccumulate(Conv2dPlan.Im2ColBackwardWeight(g), dy, x, dwi, g);
        Log(name, "dw", dwi, $"im2col weight gradient {where}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_conv2d_module_forward_and_backward_match_pytorch(string name)
    {
        var (g, x, w, b, dy) = Inputs(name);
        var conv = new Conv2d(g.InChannels, g.OutChannels, g.KernelH, 1, g.PadH);
        w.CopyTo(conv.Weight.Data, 0);
        b.CopyTo(conv.Bias!.Data, 0);
        var input = new Tensor(x, g.Batch, g.InChannels, g.InHeight, g.InWidth) { RequiresGrad = true };
        Tensor y = conv.Forward(input);
        Functional.Sum(y * new Tensor(dy, y.ShapeArray())).Backward();
        Compare(name, "y", y.Data, $"module forward {name}");
        Compare(name, "dx", input.Grad!, $"module input gradient {name}");
        Compare(name, "dw", conv.Weight.Grad!, $"module weight gradient {name}");
        Compare(name, "db", conv.Bias.Grad!, $"module bias gradient {name}");
    }

    private void Compare(string name, string what, ReadOnlySpan<float> actual, string label)
    {
        float[] expected = Log(name, what, actual, label);
        float rms = (float)Rms(expected);
        TensorAssert.Close(expected, actual, Rtol, Atol * rms, label);
    }

    private float[] Log(string name, string what, ReadOnlySpan<float> actual, string label)
    {
        float[] expected = Reference(name, what);
        float maxAbs = TensorAssert.MaxAbsDifference(expected, actual);
        output.WriteLine($"{label}: max |diff| {maxAbs:g3}, / rms {maxAbs / Rms(expected):g3} (rms {Rms(expected):g3})");
        return expected;
    }

    private static double Rms(float[] values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += (double)v * v;
        return Math.Sqrt(sum / values.Length);
    }

    private static float[] Reference(string name, string what)
    {
        if (!s_fixture.Value.Tensors.TryGetFloat($"{name}.{what}", out Tensor t))
            throw new KeyNotFoundException($"winograd.safetensors has no '{name}.{what}'; rerun tools/make_winograd_reference.py.");
        return t.Data;
    }

    /// <summary>The hashed inputs of tools/make_winograd_reference.py: x, w / 16, b / 16, gy from seeds s … s + 3.</summary>
    private static (Conv2dGeometry G, float[] X, float[] W, float[] B, float[] Dy) Inputs(string name)
    {
        Conv2dGeometry g = s_fixture.Value.Cases[name];
        int seed = s_fixture.Value.Seeds[name];
        float[] w = HashUniform(seed + 1, g.WeightLength), b = HashUniform(seed + 2, g.OutChannels);
        for (int i = 0; i < w.Length; i++)
            w[i] *= 1f / 16;
        for (int i = 0; i < b.Length; i++)
            b[i] *= 1f / 16;
        return (g, HashUniform(seed, g.InputLength), w, b, HashUniform(seed + 3, g.OutputLength));
    }

    private static float[] HashUniform(int seed, int count) => Pix2Pix.Tests.Support.FixtureHash.Uniform(seed, count);

    private static (StateDict, Dictionary<string, Conv2dGeometry>, Dictionary<string, int>) Load()
    {
        SafeTensorsFile file = SafeTensors.Read(FixtureSet.FixturePath("winograd", "winograd.safetensors"));
        var cases = new Dictionary<string, Conv2dGeometry>(StringComparer.Ordinal);
        var seeds = new Dictionary<string, int>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(file.Metadata["cases"]);
        foreach (JsonProperty c in doc.RootElement.EnumerateObject())
        {
            int Get(string key) => c.Value.GetProperty(key).GetInt32();
            int k = Get("kernel");
            cases[c.Name] = new Conv2dGeometry(Get("batch"), Get("in_channels"), Get("height"), Get("width"), Get("out_channels"),
                k, k, 1, 1, Get("padding"), Get("padding"));
            seeds[c.Name] = Get("seed");
        }
        return (file.Tensors, cases, seeds);
    }
}

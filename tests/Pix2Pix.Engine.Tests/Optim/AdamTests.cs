using System.Text.Json;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Optim;
using Xunit.Abstractions;
using Pix2Pix.Engine.Tests.Checkpoints;

namespace Pix2Pix.Engine.Tests.Optim;

public class AdamTests
{
    private readonly ITestOutputHelper _output;

    public AdamTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("adam_pix2pix.safetensors")]
    [InlineData("adam_custom.safetensors")]
    public void Adam_matches_torch_optim_Adam_step_by_step(string fixture)
    {
        var run = AdamReference.Load(fixture);
        Tensor[] parameters = run.InitialParameters();
        var adam = new Adam(parameters, run.Lr, run.Beta1, run.Beta2, run.Eps);
        long mismatches = 0;
        double worstUlps = 0;
        for (int t = 1; t <= run.Steps; t++)
        {
            if (run.LrChanges.TryGetValue(t, out float lr))
                adam.LearningRate = lr;
            for (int i = 0; i < parameters.Length; i++)
                parameters[i].Grad = run.Gradient(i, t);
            adam.Step();
            for (int i = 0; i < parameters.Length; i++)
            {
                float[] expected = run.After(i, t);
                for (int k = 0; k < expected.Length; k++)
                {
                    double ulps = Math.Abs(parameters[i].Data[k] - expected[k]) / UlpOf(expected[k]);
                    worstUlps = Math.Max(worstUlps, ulps);
                    if (parameters[i].Data[k] != expected[k])
                        mismatches++;
                }
            }
        }
        _output.WriteLine($"{fixture}: {mismatches} elements differ from torch, worst {worstUlps} ulp");
        Assert.True(worstUlps <= 1, $"parameters differ from torch by up to {worstUlps} ulp ({mismatches} elements differ)");
        StateDict state = adam.ExportState();
        for (int i = 0; i < parameters.Length; i++)
        {
            AssertClose(run.Tensors[$"param.{i}.exp_avg"], state, $"state.{i}.exp_avg");
            AssertClose(run.Tensors[$"param.{i}.exp_avg_sq"], state, $"state.{i}.exp_avg_sq");
            Assert.True(run.File.Tensors.TryGetInt64($"param.{i}.step", out Int64Tensor torchStep));
            Assert.True(state.TryGetInt64($"state.{i}.step", out Int64Tensor ourStep));
            Assert.Equal(torchStep.Data[0], ourStep.Data[0]);
        }
        Assert.Equal(run.Steps, adam.StepCount);
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_unchanged_and_start_their_own_step_count_later()
    {
        var a = new Tensor([1f, 2f], 2) { Grad = [0.5f, -0.5f] };
        var b = new Tensor([3f], 1);
        var adam = new Adam([a, b], 0.1f);
        adam.Step();
        Assert.Equal([3f], b.Data);
        Assert.NotEqual([1f, 2f], a.Data);
        b.Grad = [1f];
        adam.Step();
        // First step for b: bias-corrected update is exactly lr · g/|g| (up to eps), whatever β's are.
        Assert.Equal(3f - 0.1f, b.Data[0], 1e-6f);
        StateDict state = adam.ExportState();
        Assert.True(state.TryGetInt64("state.1.step", out Int64Tensor stepB));
        Assert.Equal(1, stepB.Data[0]);
        Assert.True(state.TryGetInt64("state.0.step", out Int64Tensor stepA));
        Assert.Equal(2, stepA.Data[0]);
    }

    [Fact]
    public void ZeroGrad_clears_gradients_in_place_and_keeps_missing_ones_null()
    {
        float[] grad = [1f, -2f, 3f];
        var a = new Tensor([0f, 0f, 0f], 3) { Grad = grad };
        var b = new Tensor([0f], 1);
        new Adam([a, b], 0.001f).ZeroGrad();
        Assert.Same(grad, a.Grad);
        Assert.Equal([0f, 0f, 0f], grad);
        Assert.Null(b.Grad);
    }

    [Fact]
    public void Step_allocates_nothing_after_the_first_step()
    {
        var p = new Tensor(new float[1000], 1000) { Grad = Enumerable.Range(0, 1000).Select(i => i * 0.001f - 0.5f).ToArray() };
        var q = new Tensor(new float[7], 7) { Grad = new float[7] };
        var adam = new Adam([p, q], 0.0002f, 0.5f);
        adam.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            adam.Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10 steps allocated {allocated} bytes");
    }

    [Fact]
    public void Vector_path_and_scalar_tail_give_identical_results()
    {
        // The same values at different offsets land in the SIMD body or the scalar tail: results must not differ.
        float[] values = Enumerable.Range(0, 37).Select(i => MathF.Sin(i) * MathF.Pow(10, i % 5 - 3)).ToArray();
        float[] grads = Enumerable.Range(0, 37).Select(i => MathF.Cos(3 * i) * MathF.Pow(10, i % 4 - 2)).ToArray();
        var whole = new Tensor((float[])values.Clone(), 37) { Grad = grads };
        var adamWhole = new Adam([whole], 0.01f, 0.5f);
        var singles = Enumerable.Range(0, 37).Select(i => new Tensor([values[i]], 1) { Grad = [grads[i]] }).ToArray();
        var adamSingles = new Adam(singles, 0.01f, 0.5f);
        for (int s = 0; s < 5; s++)
        {
            adamWhole.Step();
            adamSingles.Step();
        }
        Assert.Equal(singles.Select(t => t.Data[0]).ToArray(), whole.Data);
    }

    [Fact]
    public void Large_parameters_split_across_threads_match_small_ones_updated_alone()
    {
        const int n = 300_007;
        float[] values = Enumerable.Range(0, n).Select(i => MathF.Sin(0.37f * i)).ToArray();
        float[] grads = Enumerable.Range(0, n).Select(i => MathF.Cos(0.11f * i) * 0.01f).ToArray();
        var big = new Tensor((float[])values.Clone(), n) { Grad = grads };
        var pieces = Enumerable.Range(0, (n + 999) / 1000).Select(b =>
        {
            int start = b * 1000, length = Math.Min(1000, n - start);
            return new Tensor(values.AsSpan(start, length).ToArray(), length) { Grad = grads.AsSpan(start, length).ToArray() };
        }).ToArray();
        var adamBig = new Adam([big], 0.0002f, 0.5f);
        var adamPieces = new Adam(pieces, 0.0002f, 0.5f);
        for (int s = 0; s < 3; s++)
        {
            adamBig.Step();
            adamPieces.Step();
        }
        Assert.Equal(pieces.SelectMany(t => t.Data).ToArray(), big.Data);
    }

    [Theory]
    [InlineData(-1f, 0.9f, 0.999f, 1e-8f)]
    [InlineData(0.1f, 1f, 0.999f, 1e-8f)]
    [InlineData(0.1f, 0.9f, -0.1f, 1e-8f)]
    [InlineData(0.1f, 0.9f, 0.999f, float.NaN)]
    public void Constructor_rejects_out_of_range_hyper_parameters(float lr, float beta1, float beta2, float eps)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([new Tensor([0f], 1)], lr, beta1, beta2, eps));
        Assert.Contains("must be in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_rejects_a_gradient_of_the_wrong_length()
    {
        var good = new Tensor([0f], 1) { Grad = [1f] };
        var p = new Tensor([0f, 0f], 2) { Grad = [1f] };
        var adam = new Adam([good, p], 0.1f);
        var e = Assert.Throws<InvalidOperationException>(() => adam.Step());
        Assert.Contains("gradient of 1 elements instead of 2", e.Message, StringComparison.Ordinal);
        Assert.Equal([0f], good.Data);
        Assert.Equal(0, adam.StepCount);
        Assert.False(adam.ExportState().Contains("state.0.step"));
    }

    private static void AssertClose(Tensor expected, StateDict state, string name)
    {
        Assert.True(state.TryGetFloat(name, out Tensor actual), $"missing {name}");
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        for (int k = 0; k < expected.Count; k++)
            Assert.True(Math.Abs(expected.Data[k] - actual.Data[k]) <= 2 * UlpOf(expected.Data[k]),
                $"{name}[{k}]: torch {expected.Data[k]:R}, ours {actual.Data[k]:R}");
    }

    private static double UlpOf(float x) => Math.Max(MathF.BitIncrement(MathF.Abs(x)) - MathF.Abs(x), float.Epsilon);

    [Fact]
    public void ZeroGrad_clears_every_gradient_small_and_large_in_parallel_chunks()
    {
        var big = Tensor.Zeros(300_001);
        var small = Tensor.Zeros(7);
        big.Grad = Enumerable.Repeat(3f, big.Count).ToArray();
        small.Grad = Enumerable.Repeat(-2f, small.Count).ToArray();
        var noGrad = Tensor.Zeros(5);
        var adam = new Adam([big, small, noGrad], 1e-3f);
        using (Parallelism.WithDegree(2))
            adam.ZeroGrad();
        Assert.All(big.Grad, g => Assert.Equal(0f, g));
        Assert.All(small.Grad, g => Assert.Equal(0f, g));
        Assert.Null(noGrad.Grad);
    }
}

/// <summary>A torch.optim.Adam trajectory written by tools/make_optim_reference.py.</summary>
internal sealed class AdamReference
{
    private AdamReference(SafeTensorsFile file)
    {
        File = file;
        var m = file.Metadata;
        Lr = float.Parse(m["lr"], System.Globalization.CultureInfo.InvariantCulture);
        Beta1 = float.Parse(m["beta1"], System.Globalization.CultureInfo.InvariantCulture);
        Beta2 = float.Parse(m["beta2"], System.Globalization.CultureInfo.InvariantCulture);
        Eps = float.Parse(m["eps"], System.Globalization.CultureInfo.InvariantCulture);
        Steps = int.Parse(m["steps"], System.Globalization.CultureInfo.InvariantCulture);
        ParameterCount = int.Parse(m["params"], System.Globalization.CultureInfo.InvariantCulture);
        LrChanges = JsonSerializer.Deserialize<Dictionary<string, float>>(m["lr_changes"])!
            .ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);
    }

    public SafeTensorsFile File { get; }

    public float Lr { get; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Eps { get; }

    public int Steps { get; }

    public int ParameterCount { get; }

    public Dictionary<int, float> LrChanges { get; }

    public TensorLookup Tensors => new(File.Tensors);

    public static AdamReference Load(string fixture) => new(SafeTensors.Read(CheckpointTestFiles.Fixture(fixture)));

    public Tensor[] InitialParameters() => Enumerable.Range(0, ParameterCount).Select(i =>
    {
        Tensor t = Tensors[$"param.{i}.initial"];
        return new Tensor((float[])t.Data.Clone(), t.Shape.ToArray());
    }).ToArray();

    /// <summary>The gradient of parameter <paramref name="i"/> at step <paramref name="t"/>, or null when torch had none.</summary>
    public float[]? Gradient(int i, int t) =>
        File.Tensors.TryGetFloat($"param.{i}.grad.{t}", out Tensor g) ? (float[])g.Data.Clone() : null;

    public float[] After(int i, int t) => Tensors[$"param.{i}.after.{t}"].Data;

    internal readonly struct TensorLookup(StateDict dict)
    {
        public Tensor this[string name] => dict.TryGetFloat(name, out Tensor t) ? t : throw new KeyNotFoundException(name);
    }
}

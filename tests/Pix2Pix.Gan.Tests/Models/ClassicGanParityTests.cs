using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// One training step of gan (GANS.md §1), cgan (§2: BatchNorm1d eps 0.8, one-hot labels) and dcgan with dcgan_mnist (§3) against PyTorch
/// (tools/make_classic_gan_reference.py): hash-initialised weights, a fixed batch and z, BCELoss, Adam with the
/// write-ups' settings. Losses, G's output and every updated weight (big tensors as every 37th value) are compared.
/// </summary>
public class ClassicGanParityTests(ITestOutputHelper output)
{
    private static readonly Lazy<StateDict> Reference = new(() =>
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "classic_gan_step.safetensors")).Tensors);

    [Theory]
    [InlineData("gan", 64, 32, 3e-4f, 0)]
    [InlineData("cgan", 100, 16, 2e-4f, 200)]
    [InlineData("dcgan", 100, 8, 1e-3f, 100)]
    public void One_training_step_matches_pytorch(string model, int zDim, int batch, float lr, int seed)
    {
        var opt = new TrainOptions { Model = model };
        opt.ApplyModelDefaults(new HashSet<string>());
        Assert.Equal(zDim, LatentGanModel.ZDimFlag.Get(opt));
        Assert.Equal(lr, opt.Lr);
        var m = (LatentGanModel)ModelFactory.Create(opt, seed: 1);
        HashInit.Apply(m.NetG, seed);
        HashInit.Apply(m.NetD!, seed + 1000);
        var real = new Tensor(HashInit.Uniform(seed + 5001, batch * 784), batch, 1, 28, 28);
        var z = HashInit.Uniform(seed + 5002, batch * zDim);
        for (int i = 0; i < z.Length; i++)
            z[i] = (float)(z[i] * 1.7);   // numpy: float32 array × Python float → float64, then cast back
        var labels = new Tensor([.. Enumerable.Range(0, batch).Select(i => (float)(i % 10))], batch, 1);
        m.SetInput(real, m.Conditional ? labels : null);
        m.SetNoise(new Tensor(z, batch, zDim));
        m.OptimizeParameters();

        Tensor Ref(string name) => Reference.Value.TryGetFloat($"{model}.{name}", out var t) ? t : throw new KeyNotFoundException(name);
        foreach (var (name, value) in m.CurrentLosses())
        {
            float expected = Ref("loss." + name).Item();
            output.WriteLine($"{model} {name}: ours {value:G9}, PyTorch {expected:G9}, diff {Math.Abs(value - expected):G3}");
            Assert.True(Math.Abs(value - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"loss {name}: ours {value}, PyTorch {expected}");
        }
        var fake = Ref("fake");
        TensorAssert.Close(fake.Data, m.Fake!.Data.AsSpan(0, fake.Count), 1e-4f, 1e-4f, $"{model} G(z)");
        Compare(model, "G", m.NetG.StateDict(), lr, BiasesBeforeBatchNorm(m.NetG));
        Compare(model, "D", m.NetD!.StateDict(), lr, BiasesBeforeBatchNorm(m.NetD!));
    }

    [Fact]
    public void One_wgangp_step_with_its_gradient_penalty_matches_pytorch()
    {
        const int seed = 300, batch = 8, zDim = 100;
        var opt = new TrainOptions { Model = "wgangp" };
        opt.ApplyModelDefaults(new HashSet<string>());
        WganGpModel.NCriticFlag.Set(opt, 1);
        Assert.Equal(1e-4f, opt.Lr);
        Assert.Equal(0f, opt.Beta1);
        var m = (WganGpModel)ModelFactory.Create(opt, seed: 1);
        HashInit.Apply(m.NetG, seed);
        HashInit.Apply(m.NetD!, seed + 1000);
        var real = new Tensor(HashInit.Uniform(seed + 5001, batch * 784), batch, 1, 28, 28);
        var z = HashInit.Uniform(seed + 5002, batch * zDim);
        for (int i = 0; i < z.Length; i++)
            z[i] = (float)(z[i] * 1.7);
        var eps = HashInit.Uniform(seed + 5003, batch);
        for (int i = 0; i < eps.Length; i++)
            eps[i] = eps[i] * 0.5f + 0.5f;
        m.SetInput(real, null);
        m.SetNoise(new Tensor(z, batch, zDim));
        m.SetEpsilon(eps);
        m.OptimizeParameters();

        var reference = WganGpReference.Value;
        Tensor Ref(string name) => reference.TryGetFloat($"wgangp.{name}", out var t) ? t : throw new KeyNotFoundException(name);
        foreach (var (name, value) in m.CurrentLosses())
        {
            float expected = Ref("loss." + name).Item();
            output.WriteLine($"wgangp {name}: ours {value:G9}, PyTorch {expected:G9}, diff {Math.Abs(value - expected):G3}");
            Assert.True(Math.Abs(value - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"loss {name}: ours {value}, PyTorch {expected}");
        }
        var fake = Ref("fake");
        TensorAssert.Close(fake.Data, m.Fake!.Data.AsSpan(0, fake.Count), 1e-4f, 1e-4f, "wgangp G(z)");
        Compare("wgangp", "G", m.NetG.StateDict(), opt.Lr, BiasesBeforeBatchNorm(m.NetG), reference);
        Compare("wgangp", "D", m.NetD!.StateDict(), opt.Lr, BiasesBeforeBatchNorm(m.NetD!), reference);
    }

    private static readonly Lazy<StateDict> WganGpReference = new(() =>
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "wgangp_step.safetensors")).Tensors);

    /// <summary>
    /// Biases of layers that feed a batch or instance norm: the norm removes them, so their exact gradient is 0 and both frameworks compute
    /// rounding noise, which Adam's first step turns into ±lr. They are held to |diff| ≤ 2·lr only.
    /// </summary>
    private static HashSet<string> BiasesBeforeBatchNorm(Pix2Pix.Engine.Modules.Module net)
    {
        var body = ((Pix2Pix.Gan.Networks.LatentNet)net).Body;
        string prefix = net.NamedChildren[0].Name;
        return [.. Enumerable.Range(0, body.Count - 1).Where(i => body[i + 1] is Pix2Pix.Engine.Modules.BatchNormBase or Pix2Pix.Engine.Modules.InstanceNorm2d).Select(i => $"{prefix}.{i}.bias")];
    }

    private void Compare(string model, string net, StateDict ours, float lr, HashSet<string> noiseOnly, StateDict? fixture = null)
    {
        var reference = fixture ?? Reference.Value;
        const int stride = 37;   // tools/make_classic_gan_reference.py keeps every 37th value of tensors over 100k elements
        int elements = 0, over = 0;
        double worst = 0;
        foreach (string name in ours.Names)
        {
            string key = $"{model}.{net}.{name}";
            if (ours.TryGetInt64(name, out var count))
            {
                Assert.True(reference.TryGetInt64(key, out var refCount), $"{key} missing in the fixture");
                Assert.Equal(refCount.Data, count.Data);
                continue;
            }
            ours.TryGetFloat(name, out var t);
            Assert.True(reference.TryGetFloat(key, out var r), $"{key} missing in the fixture");
            float[] mine = r.Count == t.Count ? t.Data[..t.Count] : [.. Enumerable.Range(0, r.Count).Select(i => t.Data[i * stride])];
            Assert.Equal(r.Count, mine.Length);
            if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("running_var", StringComparison.Ordinal))
            {
                // running_mean holds 0.1 × the batch mean, which carries the preceding bias: after that bias's ±lr noise (one
                // update through the moved bias, in G's step) it may differ by up to 0.1 × 2·lr.
                int layer = int.Parse(name.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
                bool shifted = name.EndsWith("running_mean", StringComparison.Ordinal) && noiseOnly.Contains($"{name.Split('.')[0]}.{layer - 1}.bias");
                TensorAssert.Close(r.Data, mine, shifted ? 1e-5f + 0.21f * lr : 1e-5f, 1e-4f, key);
                continue;
            }
            // Adam's first step moves each weight by about ±lr; where a gradient is ~0 its sign may differ between two
            // correct implementations, so a few flips (at most 2·lr) are allowed.
            var (max, n) = TensorAssert.Stats(r.Data, mine, 2e-6f);
            Assert.True(max <= 2.05 * lr, $"{key}: max diff {max:G3} exceeds one Adam step (2·lr)");
            if (noiseOnly.Contains(name))
            {
                output.WriteLine($"  {key} (bias before a batch norm, zero gradient): max diff {max:G3}");
                continue;
            }
            if (n > 0)
                output.WriteLine($"  {key}: {n} of {mine.Length} differ by more than 2e-6 (max {max:G3})");
            elements += mine.Length;
            over += n;
            worst = Math.Max(worst, max);
        }
        output.WriteLine($"{model} {net}: {elements} weights compared, {over} differ by more than 2e-6 (max {worst:G3})");
        Assert.True(over <= elements / 1000, $"{model} {net}: {over} of {elements} updated weights differ from PyTorch by more than 2e-6");
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// One full CycleGAN training step against PyTorch (tools/make_cyclegan_reference.py): resnet_6blocks (ngf 4) + basic D
/// (ndf 4), instance norm, 64², lsgan, λ_A = λ_B = 10, λ_id 0.5, pool_size 0, Adam(2e-4, 0.5, 0.999), from
/// hash-initialised weights.
/// </summary>
public class CycleGanParityTests(ITestOutputHelper output)
{
    private const int Size = 64;

    private static readonly StateDict Reference =
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cyclegan_step.safetensors")).Tensors;

    private static TrainOptions Options() => new()
    {
        Model = "cycle_gan", NetG = "resnet_6blocks", NetD = "basic", Ngf = 4, Ndf = 4, Norm = "instance", NoDropout = true,
        GanMode = "lsgan", LambdaA = 10f, LambdaB = 10f, LambdaIdentity = 0.5f, PoolSize = 0, Lr = 2e-4f, Beta1 = 0.5f,
    };

    private static CycleGanModel HashInitialised()
    {
        var model = new CycleGanModel(Options(), seed: 1);
        HashInit.Apply(model.NetGA, 0);
        HashInit.Apply(model.NetGB, 100);
        HashInit.Apply(model.NetDA!, 1000);
        HashInit.Apply(model.NetDB!, 1100);
        return model;
    }

    private static Tensor RealA => new(HashInit.Uniform(5001, 3 * Size * Size), 1, 3, Size, Size);

    private static Tensor RealB => new(HashInit.Uniform(5002, 3 * Size * Size), 1, 3, Size, Size);

    private static Tensor Ref(string name) => Reference.TryGetFloat(name, out var t) ? t : throw new KeyNotFoundException(name);

    [Fact]
    public void Resnet_generator_eval_forward_with_instance_norm_matches_pytorch()
    {
        var model = HashInitialised();
        model.SetTrainingMode(false);
        model.SetInput(RealA, RealB);
        using (Autograd.NoGrad())
            model.Forward();
        TensorAssert.Close(Ref("eval_fake_B_before").Data, model.FakeB!.Data, 1e-5f, 1e-4f, "G_A(real_A), eval mode");
    }

    [Fact]
    public void One_training_step_matches_pytorch_losses_images_and_updated_weights()
    {
        var model = HashInitialised();
        model.SetInput(RealA, RealB);
        model.OptimizeParameters();

        Assert.Equal(model.LossNames, model.CurrentLosses().Select(l => l.Key));
        foreach (var (name, value) in model.CurrentLosses())
        {
            float expected = Ref("loss." + name).Item();
            output.WriteLine($"{name}: ours {value:G9}, PyTorch {expected:G9}");
            Assert.True(Math.Abs(value - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"loss {name}: ours {value}, PyTorch {expected}");
        }
        TensorAssert.Close(Ref("fake_B").Data, model.FakeB!.Data, 1e-5f, 1e-4f, "fake_B");
        TensorAssert.Close(Ref("rec_A").Data, model.RecA!.Data, 1e-5f, 1e-4f, "rec_A");
        TensorAssert.Close(Ref("fake_A").Data, model.FakeA!.Data, 1e-5f, 1e-4f, "fake_A");
        TensorAssert.Close(Ref("rec_B").Data, model.RecB!.Data, 1e-5f, 1e-4f, "rec_B");
        TensorAssert.Close(Ref("idt_A").Data, model.IdtA!.Data, 1e-5f, 1e-4f, "idt_A");
        TensorAssert.Close(Ref("idt_B").Data, model.IdtB!.Data, 1e-5f, 1e-4f, "idt_B");

        CompareUpdatedState("G_A", model.NetGA);
        CompareUpdatedState("G_B", model.NetGB);
        CompareUpdatedState("D_A", model.NetDA!);
        CompareUpdatedState("D_B", model.NetDB!);
    }

    [Fact]
    public void Visuals_follow_the_reference_order_with_identity_images_during_training()
    {
        var model = HashInitialised();
        model.SetInput(RealA, RealB);
        model.OptimizeParameters();
        Assert.Equal(["real_A", "fake_B", "rec_A", "idt_B", "real_B", "fake_A", "rec_B", "idt_A"], model.CurrentVisuals().Select(v => v.Name));
        var testModel = new CycleGanModel(new TestOptions { NetG = "resnet_6blocks", Ngf = 4, Norm = "instance", NoDropout = true }, seed: 1);
        Assert.Equal(["G_A", "G_B"], testModel.Networks.Select(n => n.Name));
        testModel.SetInput(RealA, RealB);
        testModel.Forward();
        Assert.Equal(["real_A", "fake_B", "rec_A", "real_B", "fake_A", "rec_B"], testModel.CurrentVisuals().Select(v => v.Name));
    }

    /// <summary>
    /// Biases of convolutions followed by an affine-free InstanceNorm: the norm subtracts each channel's mean, so their
    /// true gradient is exactly 0 and both implementations see only rounding noise, whose sign Adam's first step
    /// follows. They are only held to one Adam step (2·lr).
    /// </summary>
    private static HashSet<string> BiasesBeforeInstanceNorm(Module net)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (prefix, module) in net.NamedModules())
        {
            var children = module.NamedChildren;
            for (int i = 0; i + 1 < children.Count; i++)
            {
                if (children[i + 1].Module is InstanceNorm2d && children[i].Module is Conv2d or ConvTranspose2d)
                    names.Add((prefix.Length == 0 ? "" : prefix + ".") + children[i].Name + ".bias");
            }
        }
        return names;
    }

    private void CompareUpdatedState(string net, Module module)
    {
        var ours = module.StateDict();
        var noiseOnly = BiasesBeforeInstanceNorm(module);
        Assert.NotEmpty(noiseOnly);
        Assert.All(noiseOnly, n => Assert.Contains(n, ours.Names));
        int elements = 0, flipped = 0;
        double worst = 0;
        Assert.Equal(Reference.Names.Where(n => n.StartsWith(net + ".", StringComparison.Ordinal)).Select(n => n[(net.Length + 1)..]), ours.Names);
        foreach (string name in ours.Names)
        {
            ours.TryGetFloat(name, out var t);
            var r = Ref($"{net}.{name}");
            // Adam's first step moves each weight by ≈ ±lr·sign(gradient); where a gradient is ~0 the sign may legitimately
            // differ between two correct implementations, so allow a tiny fraction of 2·lr flips.
            var (max, over) = TensorAssert.Stats(r.Data, t.Data, 2e-6f);
            Assert.True(max <= 4.1e-4, $"{net}.{name}: max diff {max:G3} exceeds one Adam step (2·lr)");
            if (noiseOnly.Contains(name))
                continue;
            elements += t.Count;
            flipped += over;
            worst = Math.Max(worst, max);
        }
        output.WriteLine($"{net}: {elements} weights (+ {noiseOnly.Count} zero-gradient bias tensors), {flipped} differ by more than 2e-6 (max {worst:G3})");
        Assert.True(flipped <= elements / 1000, $"{net}: {flipped} of {elements} updated weights differ from PyTorch by more than 2e-6");
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// One full pix2pix training step against PyTorch (tools/make_pix2pix_reference.py): unet_128 (ngf 8) + basic D
/// (ndf 8), batch norm, no dropout, 128², vanilla GAN, λ_L1 100, Adam(2e-4, 0.5, 0.999), from hash-initialised weights.
/// </summary>
public class Pix2PixParityTests(ITestOutputHelper output)
{
    private const int Size = 128;

    [Fact]
    public void One_training_step_matches_pytorch_losses_weights_and_eval_output()
    {
        var reference = SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pix2pix_step.safetensors")).Tensors;
        var opt = new TrainOptions
        {
            Model = "pix2pix", NetG = "unet_128", Ngf = 8, Ndf = 8, Norm = "batch", NoDropout = true,
            GanMode = "vanilla", LambdaL1 = 100f, Lr = 2e-4f, Beta1 = 0.5f,
        };
        var model = new Pix2PixModel(opt, seed: 1);
        HashInit.Apply(model.NetG, 0);
        HashInit.Apply(model.NetD!, 1000);
        var realA = new Tensor(HashInit.Uniform(5001, 3 * Size * Size), 1, 3, Size, Size);
        var realB = new Tensor(HashInit.Uniform(5002, 3 * Size * Size), 1, 3, Size, Size);

        model.SetInput(realA, realB);
        model.OptimizeParameters();

        Tensor Ref(string name) => reference.TryGetFloat(name, out var t) ? t : throw new KeyNotFoundException(name);
        foreach (var (name, value) in model.CurrentLosses())
        {
            float expected = Ref("loss." + name).Item();
            output.WriteLine($"{name}: ours {value:G9}, PyTorch {expected:G9}");
            Assert.True(Math.Abs(value - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"loss {name}: ours {value}, PyTorch {expected}");
        }
        TensorAssert.Close(Ref("fake_B").Data, model.FakeB!.Data, 1e-4f, 1e-4f, "fake_B (train-mode forward)");

        CompareUpdatedState("G", model.NetG.StateDict(), reference);
        CompareUpdatedState("D", model.NetD!.StateDict(), reference);

        model.SetTrainingMode(false);
        using (Autograd.NoGrad())
        {
            model.Forward();
        }
        TensorAssert.Close(Ref("eval_fake_B").Data, model.FakeB!.Data, 2e-4f, 1e-3f, "eval-mode fake_B after the step");
    }

    private void CompareUpdatedState(string net, StateDict ours, StateDict reference)
    {
        int elements = 0, flipped = 0;
        double worst = 0;
        foreach (string name in ours.Names)
        {
            if (ours.TryGetInt64(name, out var count))
            {
                Assert.True(reference.TryGetInt64($"{net}.{name}", out var refCount), $"{net}.{name} missing in the fixture");
                Assert.Equal(refCount.Data, count.Data);
                continue;
            }
            ours.TryGetFloat(name, out var t);
            Assert.True(reference.TryGetFloat($"{net}.{name}", out var r), $"{net}.{name} missing in the fixture");
            if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("running_var", StringComparison.Ordinal))
            {
                TensorAssert.Close(r.Data, t.Data, 1e-5f, 1e-4f, $"{net}.{name}");
                continue;
            }
            // Adam's first step moves each weight by ≈ ±lr·sign(gradient); where a gradient is ~0 the sign may legitimately
            // differ between two correct implementations, so allow a tiny fraction of 2·lr flips.
            var (max, over) = TensorAssert.Stats(r.Data, t.Data, 2e-6f);
            elements += t.Count;
            flipped += over;
            worst = Math.Max(worst, max);
            Assert.True(max <= 4.1e-4, $"{net}.{name}: max diff {max:G3} exceeds one Adam step (2·lr)");
        }
        output.WriteLine($"{net}: {elements} weights, {flipped} differ by more than 2e-6 (max {worst:G3})");
        Assert.True(flipped <= elements / 1000, $"{net}: {flipped} of {elements} updated weights differ from PyTorch by more than 2e-6");
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// progan against pytorch_GAN_zoo's code re-typed in PyTorch (tools/make_progan_reference.py): a checkpoint in the zoo's
/// layout (config + netG + netD + avgG; zip format with today's key names and legacy format with the old ones) samples the
/// same images; one training step at a fade-in point, and steps on both sides of a scale switch, give PyTorch's losses
/// and weights.
/// </summary>
public class ProganParityTests(ITestOutputHelper output)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "progan", name);

    private static StateDict Read(string name) => SafeTensors.Read(Fixture(name)).Tensors;

    private static Tensor Get(StateDict d, string name) => d.TryGetFloat(name, out var t) ? t : throw new KeyNotFoundException(name);

    [Theory]
    [InlineData("zoo_s2.pth")]
    [InlineData("zoo_s2_legacy.pth")]
    public void A_zoo_checkpoint_samples_what_pytorch_samples(string file)
    {
        var sample = Read("sample.safetensors");
        var zoo = ZooCheckpoint.Load(Fixture(file));
        Assert.Equal(16, zoo.Side);
        Assert.Equal([12, 8], zoo.OtherDepths);
        Assert.Equal(0.3, zoo.Alpha, 12);
        Assert.True(zoo.Spec.MiniBatchStdDev);
        var z = Get(sample, "z");
        using var noGrad = Autograd.NoGrad();
        var avg = zoo.BuildGenerator();
        TensorAssert.Close(Get(sample, "avgG_alpha").Data, avg.Forward(z).Data, 1e-4f, 1e-4f, "avgG(z) at alpha 0.3");
        avg.Alpha = 0;
        TensorAssert.Close(Get(sample, "avgG_alpha0").Data, avg.Forward(z).Data, 1e-4f, 1e-4f, "avgG(z) at alpha 0");
        var g = zoo.BuildGenerator(averaged: false);
        TensorAssert.Close(Get(sample, "netG_alpha").Data, g.Forward(z).Data, 1e-4f, 1e-4f, "netG(z) at alpha 0.3");
        Assert.NotNull(zoo.BuildDiscriminator());
    }

    [Fact]
    public void The_plain_state_dict_reader_still_refuses_the_config_object()
    {
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(Fixture("zoo_s2.pth")));
        Assert.Contains("models.utils.config.BaseConfig", ex.Message, StringComparison.Ordinal);
        Assert.Null(ZooCheckpoint.TryLoad(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pth", "resnet_6blocks_batch_dropout.pth")));
    }

    [Fact]
    public void Sample_from_a_zoo_checkpoint_draws_its_averaged_generator()
    {
        var sample = Read("sample.safetensors");
        var sampler = LatentSampler.LoadFile(Fixture("zoo_s2.pth"), "progan");
        Assert.Equal(16, sampler.Model.ZDim);
        var images = sampler.Sample(3, null, 7);
        Assert.Equal([3, 3, 16, 16], images.ShapeArray());
        var z = Get(sample, "z");
        using var noGrad = Autograd.NoGrad();
        var direct = sampler.Model.Generate(z, null);
        TensorAssert.Close(Get(sample, "avgG_alpha").Data, direct.Data, 1e-4f, 1e-4f, "sampler's G");
    }

    private static ProganModel Model(string depths, string? alphaNJumps = null)
    {
        var opt = new TrainOptions { Model = "progan", DataRoot = "." };
        opt.ApplyModelDefaults(new HashSet<string>());
        opt.CropSize = opt.LoadSize = 16;
        ProganModel.ZDimFlag.Set(opt, 16);
        ProganModel.DepthScalesFlag.Set(opt, depths);
        if (alphaNJumps is not null)
            ProganModel.AlphaNJumpsFlag.Set(opt, alphaNJumps);
        Assert.Equal(0.001f, opt.Lr);
        Assert.Equal(0f, opt.Beta1);
        return (ProganModel)ModelFactory.Create(opt, seed: 3);
    }

    private static void Load(Pix2Pix.Engine.Modules.Module net, StateDict fixture, string prefix)
    {
        var part = new StateDict();
        foreach (string n in fixture.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            part.Add(n[prefix.Length..], Get(fixture, n));
        net.LoadStateDict(part, prefix);
    }

    private void Step(ProganModel m, StateDict f, string real, string zD, string zG, string eps)
    {
        m.SetInput(Get(f, real), null);
        m.SetNoise(Get(f, zD), Get(f, zG));
        m.SetEpsilon(Get(f, eps).Data[..Get(f, eps).Count]);
        m.OptimizeParameters();
    }

    private void CompareLosses(ProganModel m, StateDict f, string prefix)
    {
        foreach (var (name, value) in m.CurrentLosses())
        {
            float expected = Get(f, prefix + "loss." + name).Item();
            output.WriteLine($"{prefix}{name}: ours {value:G9}, PyTorch {expected:G9}");
            Assert.True(Math.Abs(value - expected) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"loss {prefix}{name}: ours {value}, PyTorch {expected}");
        }
    }

    /// <summary>Parameter gradients of the last update (a parameter the step does not reach has none, as PyTorch's None).</summary>
    private void CompareGradients(Pix2Pix.Engine.Modules.Module net, StateDict f, string prefix)
    {
        foreach (var (name, parameter) in net.NamedParameters())
        {
            var reference = Get(f, prefix + name);
            float scale = reference.Data.AsSpan(0, reference.Count).ToArray().Max(Math.Abs);
            float[] ours = parameter.Grad is { } g ? g[..parameter.Count] : new float[parameter.Count];
            var (max, _) = TensorAssert.Stats(reference.Data.AsSpan(0, reference.Count), ours, 0f);
            output.WriteLine($"{prefix}{name}: max |grad| {scale:G3}, max diff {max:G3}");
            TensorAssert.Close(reference.Data.AsSpan(0, reference.Count), ours, 1e-5f * Math.Max(1f, scale), 1e-4f, prefix + name);
        }
    }

    /// <summary>
    /// Weights after Adam steps with β1 = 0: each step moves a weight by about ±lr·sign(gradient), so a gradient that is
    /// rounding noise in both frameworks may flip; a few such flips (≤ 2·lr per step) are allowed, nothing else.
    /// </summary>
    private void CompareWeights(Pix2Pix.Engine.Modules.Module net, StateDict f, string prefix, int steps)
    {
        const float lr = 0.001f;
        int total = 0, flips = 0;
        foreach (string name in net.StateDict().Names)
        {
            net.StateDict().TryGetFloat(name, out var ours);
            var reference = Get(f, prefix + name);
            Assert.Equal(reference.Count, ours.Count);
            var (max, over) = TensorAssert.Stats(reference.Data.AsSpan(0, reference.Count), ours.Data.AsSpan(0, ours.Count), 2e-5f);
            Assert.True(max <= 2.05 * lr * steps, $"{prefix}{name}: max diff {max:G3} exceeds {steps} Adam step(s)");
            total += ours.Count;
            flips += over;
        }
        output.WriteLine($"{prefix}: {flips} of {total} weights differ by more than 2e-5 (Adam sign flips of ~0 gradients)");
        Assert.True(flips <= Math.Max(3, total / 200), $"{prefix}: {flips} of {total} weights differ");
    }

    [Fact]
    public void One_step_at_a_fade_in_point_matches_pytorch()
    {
        var f = Read("step_fade.safetensors");
        var zoo = ZooCheckpoint.Load(Fixture("zoo_s2.pth"));
        var m = Model("16,12,8");
        m.AddScale();
        m.AddScale();
        m.NetG.LoadStateDict(zoo.Networks["netG"], "netG");
        m.NetD!.LoadStateDict(zoo.Networks["netD"], "netD");
        m.AvgG.LoadStateDict(zoo.Networks["avgG"], "avgG");
        // the schedule would set alpha 1 at the scale's first iteration; start past its jumps at the checkpoint's alpha
        Assert.True(m.Schedule.AlphaJumpIters[2].Count > 1);
        m.SetSchedulePosition(1, 1, 0.3);
        Step(m, f, "real", "z_d", "z_g", "eps");
        CompareLosses(m, f, "");
        CompareGradients(m.NetD, f, "grad.netD.");   // D's update: real, fake, penalty (second order) and drift terms
        CompareGradients(m.NetG, f, "grad.netG.");
        CompareWeights(m.NetD, f, "after.netD.", 1);
        CompareWeights(m.NetG, f, "after.netG.", 1);
        CompareWeights(m.AvgG, f, "after.avgG.", 1);
    }

    [Fact]
    public void Steps_across_a_scale_switch_match_pytorch()
    {
        var f = Read("step_switch.safetensors");
        var m = Model("16,12,8", alphaNJumps: "0,0,600");   // the reference's scale-1 step runs at alpha 0
        m.AddScale();
        Load(m.NetG, f, "before.netG.");
        Load(m.NetD!, f, "before.netD.");
        Load(m.AvgG, f, "before.netG.");
        Step(m, f, "real", "z_d1", "z_g1", "eps1");
        Assert.Equal(0.0, m.Alpha);
        CompareLosses(m, f, "s1.");
        CompareWeights(m.NetD!, f, "s1.netD.", 1);
        CompareWeights(m.NetG, f, "s1.netG.", 1);

        m.AddScale();   // what the schedule does after --max_iter_at_scale iterations
        Assert.Equal(2, m.Scale);
        Load(m.NetG, f, "grown.netG.");
        Load(m.NetD!, f, "grown.netD.");
        Load(m.AvgG, f, "grown.netG.");
        Step(m, f, "real", "z_d2", "z_g2", "eps2");
        Assert.Equal(1.0, m.Alpha);   // the linear fade-in starts at alpha 1
        CompareLosses(m, f, "s2.");
        CompareWeights(m.NetD!, f, "s2.netD.", 2);
        CompareWeights(m.NetG, f, "s2.netG.", 2);
        CompareWeights(m.AvgG, f, "s2.avgG.", 2);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The reference's <c>test_model.py</c>: one generator G run in one direction, for results of a CycleGAN (or any
/// single generator). Its network is named "G", so <c>pix2pix test --model test --model_suffix _A</c> loads
/// <c>latest_net_G_A</c>. It reads single images (<c>--dataset_mode single</c>) and cannot be trained.
/// </summary>
internal sealed partial class TestModel : GanModel
{
    public TestModel(BaseOptions opt, ulong seed)
        : base(isTrain: false, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        if (opt is TrainOptions)
            throw new ArgumentException("--model test is for testing only (it runs one generator of a trained run); train with --model cycle_gan, pix2pix or colorization.");
        NetG = AddNetwork("G", NetworkFactory.DefineG(opt.InputNc, opt.OutputNc, opt.Ngf, opt.NetG, opt.Norm, !opt.NoDropout,
            opt.InitType, opt.InitGain, InitRng, TrainingRng));
    }

    public Module NetG { get; }

    public Tensor? RealA { get; private set; }

    public Tensor? Fake { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = [];

    public override IReadOnlyList<string> VisualNames => Descriptor.VisualNames;

    /// <summary>Takes the input images; <paramref name="b"/> is ignored (the test model has no target).</summary>
    public override void SetInput(Tensor a, Tensor? b) => RealA = a ?? throw new ArgumentNullException(nameof(a));

    public override void Forward() => Fake = NetG.Forward(RealA ?? throw new InvalidOperationException("Call SetInput before Forward."));

    public override void OptimizeParameters() =>
        throw new InvalidOperationException("--model test cannot be trained; train with --model cycle_gan, pix2pix or colorization and test a direction with --model test --model_suffix _A or _B.");

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() => [];

    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        if (RealA is not null) list.Add(("real_A", RealA));
        if (Fake is not null) list.Add(("fake", Fake));
        return list;
    }
}

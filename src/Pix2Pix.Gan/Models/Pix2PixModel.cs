using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// pix2pix (Isola et al. 2017): a conditional GAN. G maps A to B; D judges (A, B) pairs stacked on the channel axis, so
/// it learns whether B fits A. G's objective adds λ·L1(G(A), B) to the adversarial loss.
/// Paper ↔ code: x = real_A, y = real_B, G(x) = fake_B, D(x, y) = netD(cat(A, B)).
/// </summary>
internal sealed partial class Pix2PixModel : GanModel
{
    private readonly GanLoss? _criterionGan;
    private readonly float _lambdaL1;
    private readonly Adam? _optimizerG;
    private readonly Adam? _optimizerD;
    private readonly float _lambdaGp;

    public Pix2PixModel(BaseOptions opt, ulong seed)
        : base(opt is TrainOptions, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        NetG = AddNetwork("G", NetworkFactory.DefineG(opt.InputNc, opt.OutputNc, opt.Ngf, opt.NetG, opt.Norm, !opt.NoDropout,
            opt.InitType, opt.InitGain, InitRng, TrainingRng));
        if (opt is TrainOptions train)
        {
            NetD = AddNetwork("D", NetworkFactory.DefineD(opt.InputNc + opt.OutputNc, opt.Ndf, opt.NetD, opt.NLayersD, opt.Norm,
                opt.InitType, opt.InitGain, InitRng));
            _criterionGan = new GanLoss(train.GanMode);
            _lambdaL1 = LambdaL1Flag.Get(train);
            _lambdaGp = train.GanMode == "wgangp" ? GradientPenalty.LambdaFlag.Get(train) : 0f;
            if (_lambdaGp > 0)
                LossNames = [.. LossNames, "D_GP"];   // the penalty (λ included) is logged beside the other losses
            _optimizerG = AddOptimizer("G", new Adam(NetG.Parameters(), train.Lr, train.Beta1, 0.999f));
            _optimizerD = AddOptimizer("D", new Adam(NetD.Parameters(), train.Lr, train.Beta1, 0.999f));
        }
    }

    public Module NetG { get; }

    public Module? NetD { get; }

    public Tensor? RealA { get; private set; }

    public Tensor? RealB { get; private set; }

    public Tensor? FakeB { get; private set; }

    public Tensor? LossGGan { get; private set; }

    public Tensor? LossGL1 { get; private set; }

    public Tensor? LossDReal { get; private set; }

    public Tensor? LossDFake { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = ["G_GAN", "G_L1", "D_real", "D_fake"];

    public override IReadOnlyList<string> VisualNames => Descriptor.VisualNames;

    public override void SetInput(Tensor a, Tensor? b)
    {
        RealA = a ?? throw new ArgumentNullException(nameof(a));
        RealB = b;
    }

    public override void Forward()
    {
        var input = RealA ?? throw new InvalidOperationException("Call SetInput before Forward.");
        FakeB = NetG.Forward(input);
    }

    /// <summary>
    /// D learns to tell real pairs from fakes: ½·(GAN(D(A, G(A)) detached, fake) + GAN(D(A, B), real)); under
    /// <c>--gan_mode wgangp</c> plus the reference's <c>cal_gradient_penalty(netD, real_AB, fake_AB, type='mixed')</c>
    /// (λ = <c>--lambda_gp</c>), which the reference defines but never calls.
    /// </summary>
    public void BackwardD()
    {
        var (d, a, b, fake) = TrainingTensors();
        var fakeAB = F.Concat(a, fake.Detach(), 1);
        var predFake = d.Forward(fakeAB);
        LossDFake = _criterionGan!.Compute(predFake, targetIsReal: false);
        var realAB = F.Concat(a, b, 1);
        var predReal = d.Forward(realAB);
        LossDReal = _criterionGan.Compute(predReal, targetIsReal: true);
        var lossD = (LossDFake + LossDReal) * 0.5f;
        if (_lambdaGp > 0f)
        {
            var penalty = GradientPenalty.Compute(d.Forward, realAB, fakeAB, TrainingRng, _lambdaGp);
            LossDGp = penalty.Item();
            lossD += penalty;
        }
        lossD.Backward();
    }

    /// <summary>The last gradient penalty (λ included) under <c>--gan_mode wgangp</c>; NaN otherwise.</summary>
    public float LossDGp { get; private set; } = float.NaN;

    /// <summary>G learns to fool D and to stay near the target: GAN(D(A, G(A)), real) + λ·L1(G(A), B).</summary>
    public void BackwardG()
    {
        var (d, a, b, fake) = TrainingTensors();
        var predFake = d.Forward(F.Concat(a, fake, 1));
        LossGGan = _criterionGan!.Compute(predFake, targetIsReal: true);
        LossGL1 = F.L1Loss(fake, b) * _lambdaL1;
        (LossGGan + LossGL1).Backward();
    }

    public override void OptimizeParameters()
    {
        if (!IsTrain)
            throw new InvalidOperationException("This model was built for testing; build it with TrainOptions to train.");
        Forward();
        NetD!.SetRequiresGrad(true);
        _optimizerD!.ZeroGrad();
        using (TensorArena.TransientOfEntered())
            BackwardD();   // its activations and gradients are spent once D's gradients exist: G's update reuses them
        _optimizerD.Step();
        NetD.SetRequiresGrad(false);   // D is fixed while G learns
        _optimizerG!.ZeroGrad();
        BackwardG();
        _optimizerG.Step();
    }

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() => _lambdaGp > 0
        ? [new("G_GAN", ItemOf(LossGGan)), new("G_L1", ItemOf(LossGL1)), new("D_real", ItemOf(LossDReal)), new("D_fake", ItemOf(LossDFake)), new("D_GP", LossDGp)]
        : [new("G_GAN", ItemOf(LossGGan)), new("G_L1", ItemOf(LossGL1)), new("D_real", ItemOf(LossDReal)), new("D_fake", ItemOf(LossDFake))];

    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        if (RealA is not null) list.Add(("real_A", RealA));
        if (FakeB is not null) list.Add(("fake_B", FakeB));
        if (RealB is not null) list.Add(("real_B", RealB));
        return list;
    }

    private (Module D, Tensor A, Tensor B, Tensor Fake) TrainingTensors()
    {
        if (NetD is null || _criterionGan is null)
            throw new InvalidOperationException("This model was built for testing; build it with TrainOptions to train.");
        return (NetD, RealA ?? throw new InvalidOperationException("Call SetInput first."),
            RealB ?? throw new InvalidOperationException("Training needs a target image B; use an aligned dataset."),
            FakeB ?? throw new InvalidOperationException("Call Forward first."));
    }
}

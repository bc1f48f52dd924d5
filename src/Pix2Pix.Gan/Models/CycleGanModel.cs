using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// CycleGAN (Zhu et al. 2017): unpaired translation with two generators and two discriminators. G_A maps A to B and
/// D_A judges B; G_B maps B to A and D_B judges A. Besides the adversarial losses, the cycle losses
/// λ_A·‖G_B(G_A(A)) − A‖₁ and λ_B·‖G_A(G_B(B)) − B‖₁ tie the two mappings together, and with λ_id &gt; 0 the identity
/// losses λ_B·λ_id·‖G_A(B) − B‖₁ and λ_A·λ_id·‖G_B(A) − A‖₁ keep colours. The discriminators see fakes through image
/// pools. Paper ↔ code: G = G_A, F = G_B, D_Y = D_A, D_X = D_B.
/// </summary>
internal sealed partial class CycleGanModel : GanModel
{
    private readonly GanLoss? _criterionGan;
    private readonly float _lambdaGp;
    private readonly float _lambdaA;
    private readonly float _lambdaB;
    private readonly float _lambdaIdentity;
    private readonly Adam? _optimizerG;
    private readonly Adam? _optimizerD;

    public CycleGanModel(BaseOptions opt, ulong seed)
        : base(opt is TrainOptions, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        NetGA = AddNetwork("G_A", NetworkFactory.DefineG(opt.InputNc, opt.OutputNc, opt.Ngf, opt.NetG, opt.Norm, !opt.NoDropout,
            opt.InitType, opt.InitGain, InitRng, TrainingRng));
        NetGB = AddNetwork("G_B", NetworkFactory.DefineG(opt.OutputNc, opt.InputNc, opt.Ngf, opt.NetG, opt.Norm, !opt.NoDropout,
            opt.InitType, opt.InitGain, InitRng, TrainingRng));
        if (opt is TrainOptions train)
        {
            if (LambdaIdentityFlag.Get(train) > 0 && opt.InputNc != opt.OutputNc)
                throw new ArgumentException(
                    $"The identity loss (--lambda_identity {LambdaIdentityFlag.Get(train)}) feeds B images to G_A, so --input_nc {opt.InputNc} must equal --output_nc {opt.OutputNc}; set them equal or use --lambda_identity 0.");
            NetDA = AddNetwork("D_A", NetworkFactory.DefineD(opt.OutputNc, opt.Ndf, opt.NetD, opt.NLayersD, opt.Norm,
                opt.InitType, opt.InitGain, InitRng));
            NetDB = AddNetwork("D_B", NetworkFactory.DefineD(opt.InputNc, opt.Ndf, opt.NetD, opt.NLayersD, opt.Norm,
                opt.InitType, opt.InitGain, InitRng));
            FakeAPool = new ImagePool(train.PoolSize, TrainingRng);
            FakeBPool = new ImagePool(train.PoolSize, TrainingRng);
            _criterionGan = new GanLoss(train.GanMode);
            _lambdaGp = GradientPenalty.LambdaFlag.Get(train);
            _lambdaA = LambdaAFlag.Get(train);
            _lambdaB = LambdaBFlag.Get(train);
            _lambdaIdentity = LambdaIdentityFlag.Get(train);
            _optimizerG = AddOptimizer("G", new Adam(NetGA.Parameters().Concat(NetGB.Parameters()), train.Lr, train.Beta1, 0.999f));
            _optimizerD = AddOptimizer("D", new Adam(NetDA.Parameters().Concat(NetDB.Parameters()), train.Lr, train.Beta1, 0.999f));
        }
        VisualNames = IsTrain && _lambdaIdentity > 0
            ? ["real_A", "fake_B", "rec_A", "idt_B", "real_B", "fake_A", "rec_B", "idt_A"]
            : Descriptor.VisualNames;
    }

    public Module NetGA { get; }

    public Module NetGB { get; }

    public Module? NetDA { get; }

    public Module? NetDB { get; }

    /// <summary>Past G_B outputs shown to D_B (training only).</summary>
    public ImagePool? FakeAPool { get; }

    /// <summary>Past G_A outputs shown to D_A (training only).</summary>
    public ImagePool? FakeBPool { get; }

    public Tensor? RealA { get; private set; }

    public Tensor? RealB { get; private set; }

    public Tensor? FakeB { get; private set; }

    public Tensor? RecA { get; private set; }

    public Tensor? FakeA { get; private set; }

    public Tensor? RecB { get; private set; }

    public Tensor? IdtA { get; private set; }

    public Tensor? IdtB { get; private set; }

    public Tensor? LossDA { get; private set; }

    public Tensor? LossGA { get; private set; }

    public Tensor? LossCycleA { get; private set; }

    public Tensor? LossIdtA { get; private set; }

    public Tensor? LossDB { get; private set; }

    public Tensor? LossGB { get; private set; }

    public Tensor? LossCycleB { get; private set; }

    public Tensor? LossIdtB { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = ["D_A", "G_A", "cycle_A", "idt_A", "D_B", "G_B", "cycle_B", "idt_B"];

    public override IReadOnlyList<string> VisualNames { get; }

    public override void SetInput(Tensor a, Tensor? b)
    {
        RealA = a ?? throw new ArgumentNullException(nameof(a));
        RealB = b;
    }

    /// <summary>fake_B = G_A(A), rec_A = G_B(fake_B); with B also fake_A = G_B(B), rec_B = G_A(fake_A).</summary>
    public override void Forward()
    {
        var a = RealA ?? throw new InvalidOperationException("Call SetInput before Forward.");
        FakeB = NetGA.Forward(a);
        RecA = NetGB.Forward(FakeB);
        if (RealB is null)
        {
            FakeA = RecB = null;
            return;
        }
        FakeA = NetGB.Forward(RealB);
        RecB = NetGA.Forward(FakeA);
    }

    /// <summary>
    /// The generators' objective: GAN(D_A(G_A(A)), real) + GAN(D_B(G_B(B)), real) + the two cycle losses and, with
    /// λ_id &gt; 0, the two identity losses.
    /// </summary>
    public void BackwardG()
    {
        var (a, b) = TrainingInputs();
        var fakeB = FakeB ?? throw new InvalidOperationException("Call Forward first.");
        var fakeA = FakeA!;
        Tensor? idt = null;
        if (_lambdaIdentity > 0)
        {
            IdtA = NetGA.Forward(b);
            LossIdtA = F.L1Loss(IdtA, b) * (_lambdaB * _lambdaIdentity);
            IdtB = NetGB.Forward(a);
            LossIdtB = F.L1Loss(IdtB, a) * (_lambdaA * _lambdaIdentity);
            idt = LossIdtA + LossIdtB;
        }
        else
        {
            IdtA = IdtB = null;
            LossIdtA = LossIdtB = Tensor.Scalar(0f);
        }
        LossGA = _criterionGan!.Compute(NetDA!.Forward(fakeB), targetIsReal: true);
        LossGB = _criterionGan.Compute(NetDB!.Forward(fakeA), targetIsReal: true);
        LossCycleA = F.L1Loss(RecA!, a) * _lambdaA;
        LossCycleB = F.L1Loss(RecB!, b) * _lambdaB;
        var lossG = LossGA + LossGB + LossCycleA + LossCycleB;
        if (idt is not null)
            lossG += idt;
        lossG.Backward();
    }

    /// <summary>D_A learns to tell real B from (pooled) G_A outputs; D_B real A from (pooled) G_B outputs.</summary>
    public void BackwardD()
    {
        var (a, b) = TrainingInputs();
        var fakeB = FakeBPool!.Query(FakeB ?? throw new InvalidOperationException("Call Forward first."));
        LossDA = BackwardDBasic(NetDA!, b, fakeB);
        var fakeA = FakeAPool!.Query(FakeA!);
        LossDB = BackwardDBasic(NetDB!, a, fakeA);
    }

    /// <summary>Forward, then G_A and G_B with the discriminators frozen, then D_A and D_B (the reference's order).</summary>
    public override void OptimizeParameters()
    {
        if (!IsTrain)
            throw new InvalidOperationException("This model was built for testing; build it with TrainOptions to train.");
        Forward();
        NetDA!.SetRequiresGrad(false);   // the discriminators are fixed while the generators learn
        NetDB!.SetRequiresGrad(false);
        _optimizerG!.ZeroGrad();
        BackwardG();
        _optimizerG.Step();
        NetDA.SetRequiresGrad(true);
        NetDB.SetRequiresGrad(true);
        _optimizerD!.ZeroGrad();
        BackwardD();
        _optimizerD.Step();
    }

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() =>
    [
        new("D_A", ItemOf(LossDA)), new("G_A", ItemOf(LossGA)), new("cycle_A", ItemOf(LossCycleA)), new("idt_A", ItemOf(LossIdtA)),
        new("D_B", ItemOf(LossDB)), new("G_B", ItemOf(LossGB)), new("cycle_B", ItemOf(LossCycleB)), new("idt_B", ItemOf(LossIdtB)),
    ];

    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        foreach (string name in VisualNames)
        {
            Tensor? t = name switch
            {
                "real_A" => RealA,
                "fake_B" => FakeB,
                "rec_A" => RecA,
                "idt_B" => IdtB,
                "real_B" => RealB,
                "fake_A" => FakeA,
                "rec_B" => RecB,
                _ => IdtA,
            };
            if (t is not null)
                list.Add((name, t));
        }
        return list;
    }

    /// <summary>The image pools' contents ("pool.fake_A", "pool.fake_B"); their choices come from the saved training generator.</summary>
    protected override void ExportExtraState(StateDict tensors, Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (FakeAPool?.Export() is { } a)
            tensors.Add("pool.fake_A", a);
        if (FakeBPool?.Export() is { } b)
            tensors.Add("pool.fake_B", b);
    }

    protected override void LoadExtraState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        FakeAPool?.Load(tensors.TryGetFloat("pool.fake_A", out var a) ? a : null, sourceName);
        FakeBPool?.Load(tensors.TryGetFloat("pool.fake_B", out var b) ? b : null, sourceName);
    }

    /// <summary>
    /// ½·(GAN(D(real), real) + GAN(D(fake) detached, fake)); under <c>--gan_mode wgangp</c> plus the reference's
    /// <c>cal_gradient_penalty(D, real, fake, type='mixed')</c> (λ = <c>--lambda_gp</c>), which it defines but never calls.
    /// </summary>
    private Tensor BackwardDBasic(Module d, Tensor real, Tensor fake)
    {
        var lossReal = _criterionGan!.Compute(d.Forward(real), targetIsReal: true);
        var lossFake = _criterionGan.Compute(d.Forward(fake.Detach()), targetIsReal: false);
        var loss = (lossReal + lossFake) * 0.5f;
        if (_criterionGan.Mode == "wgangp" && _lambdaGp > 0f)
            loss += GradientPenalty.Compute(d.Forward, real, fake.Detach(), TrainingRng, _lambdaGp);
        loss.Backward();
        return loss;
    }

    private (Tensor A, Tensor B) TrainingInputs()
    {
        if (NetDA is null || _criterionGan is null)
            throw new InvalidOperationException("This model was built for testing; build it with TrainOptions to train.");
        return (RealA ?? throw new InvalidOperationException("Call SetInput first."),
            RealB ?? throw new InvalidOperationException("CycleGAN training needs images of both domains; use --dataset_mode unaligned (trainA/ and trainB/)."));
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Tests.Registry;

/// <summary>
/// A model defined outside the toolkit, to show that adding one is this file plus one <see cref="ModelRegistry.Register"/>
/// line: a generator trained with λ·L1(G(A), B) alone, with its own flag <c>--lambda_toy</c>.
/// </summary>
internal sealed class ToyL1Model : GanModel
{
    public static ModelFlag<float> LambdaToy { get; } = new("lambda_toy", 2f, "weight of the toy model's L1 loss (toy_l1)");

    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "toy_l1",
        Build = (options, seed) => new ToyL1Model(options, seed),
        DatasetMode = "aligned",
        Flags = [LambdaToy],
        Defaults = new Dictionary<string, object> { ["netG"] = "unet_128", ["norm"] = "batch" },
        Networks = [NetworkSlot.Generator("G")],
        VisualNames = ["real_A", "fake_B", "real_B"],
    };

    private readonly Adam? _optimizer;
    private readonly float _lambda;
    private Tensor? _realA;
    private Tensor? _realB;
    private Tensor? _fakeB;
    private Tensor? _loss;

    public ToyL1Model(BaseOptions opt, ulong seed)
        : base(opt is TrainOptions, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        NetG = AddNetwork("G", NetworkFactory.DefineG(opt.InputNc, opt.OutputNc, opt.Ngf, opt.NetG, opt.Norm, !opt.NoDropout,
            opt.InitType, opt.InitGain, InitRng, TrainingRng));
        if (opt is TrainOptions train)
        {
            _lambda = LambdaToy.Get(train);
            _optimizer = AddOptimizer("G", new Adam(NetG.Parameters(), train.Lr, train.Beta1, 0.999f));
        }
    }

    public Module NetG { get; }

    public override IReadOnlyList<string> LossNames { get; } = ["G_L1"];

    public override IReadOnlyList<string> VisualNames => Descriptor.VisualNames;

    public override void SetInput(Tensor a, Tensor? b)
    {
        _realA = a;
        _realB = b;
    }

    public override void Forward() => _fakeB = NetG.Forward(_realA ?? throw new InvalidOperationException("Call SetInput first."));

    public override void OptimizeParameters()
    {
        Forward();
        _optimizer!.ZeroGrad();
        _loss = F.L1Loss(_fakeB!, _realB ?? throw new InvalidOperationException("The toy model trains on pairs.")) * _lambda;
        _loss.Backward();
        _optimizer.Step();
    }

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() => [new("G_L1", ItemOf(_loss))];

    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals() =>
        new (string, Tensor?)[] { ("real_A", _realA), ("fake_B", _fakeB), ("real_B", _realB) }
            .Where(v => v.Item2 is not null).Select(v => (v.Item1, v.Item2!)).ToList();
}

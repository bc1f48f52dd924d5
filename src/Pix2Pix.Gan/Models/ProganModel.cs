using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Networks.Progressive;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model progan</c>: the progressive GAN of facebookresearch/pytorch_GAN_zoo (GANS.md §7). G, D and the averaged G
/// (<c>avgG</c>, 0.999 · avgG + 0.001 · G after every G step; what <c>sample</c> draws) start at 4×4 and grow one scale at a
/// time (<see cref="ProganSchedule"/>); each new scale fades in with alpha going from 1 to 0. One step, as the zoo's
/// <c>optimizeParameters</c> with its WGANGP criterion (sums over the batch, not means): D minimises
/// −ΣD(x) + ΣD(G(z)) + λ·mean((‖∇D(x̂)‖₂ − 1)²) + ε_D·ΣD(x)², then G minimises −ΣD(G(z′)) with fresh z′; Adam
/// (lr, β = (0, 0.99)) for both, new optimizers and a new averaged G (a copy of G) at every new scale, as the zoo does.
/// Real images come at the final side and are average-pooled to the current one; while alpha &gt; 0 they are blended
/// with their own 2× pooled-and-upscaled version, as the zoo's trainer does. z, ε and the schedule position are part of
/// the training state, so a resumed run (across scale switches too) continues exactly.
/// </summary>
internal sealed partial class ProganModel : GanModel, INoiseModel
{
    /// <summary>The progress grid's samples: the zoo shows one mini-batch (16) of fixed vectors.</summary>
    public const int FixedCount = 16;

    private readonly TrainOptions _opt;
    private readonly ulong _seed;
    private Tensor? _givenNoiseD, _givenNoiseG;
    private float[]? _givenEpsilon;
    private Tensor? _realAtScale;
    private (List<int> Source, List<Tensor> G, List<Tensor> Avg)? _averagePairs;
    private float _lossG = float.NaN, _lossD = float.NaN, _lossDReal = float.NaN, _lossDFake = float.NaN, _lossGrad = float.NaN, _lossEpsilon = float.NaN;

    public ProganModel(TrainOptions opt, ulong seed, bool train = true)
        : base(train, seed)
    {
        _opt = opt ?? throw new ArgumentNullException(nameof(opt));
        _seed = seed;
        Schedule = ScheduleOf(opt);
        ZDim = ZDimFlag.Get(opt);
        LambdaGp = LambdaGpFlag.Get(opt);
        EpsilonD = EpsilonDFlag.Get(opt);
        var spec = new ProgressiveSpec(ZDim, Schedule.Depths[0], opt.OutputNc);
        NetG = AddNetwork("G", new ProgressiveGenerator(spec, InitRng));
        if (train)
            NetD = AddNetwork("D", new ProgressiveDiscriminator(spec, InitRng));
        AvgG = AddNetwork("avgG", new ProgressiveGenerator(spec, new Rng(seed)));
        AvgG.LoadStateDict(NetG.StateDict(), "G");
        AvgG.SetRequiresGrad(false);
        FixedNoise = Tensor.Normal(new Rng(seed ^ 0x5EED_F1CE_D0_0015UL), 0f, 1f, FixedCount, ZDim);
        if (train)
        {
            AddOptimizer("G", NewAdam(NetG));
            AddOptimizer("D", NewAdam(NetD!));
        }
    }

    public ProganSchedule Schedule { get; }

    public int ZDim { get; }

    public bool Conditional => false;

    public int NumClasses => 0;

    public float LambdaGp { get; }

    public float EpsilonD { get; }

    public ProgressiveGenerator NetG { get; }

    public ProgressiveDiscriminator? NetD { get; }

    /// <summary>The moving average of G (the zoo's <c>avgG</c>): what <c>sample</c> and the page's grid draw.</summary>
    public ProgressiveGenerator AvgG { get; }

    public Tensor FixedNoise { get; }

    /// <summary>The current scale (0: 4×4).</summary>
    public int Scale { get; private set; }

    /// <summary>Steps done at the current scale.</summary>
    public long IterAtScale { get; private set; }

    /// <summary>How many of the current scale's alpha updates were applied.</summary>
    public int AlphaIndex { get; private set; }

    public double Alpha { get; private set; }

    public int Side => 4 << Scale;

    public Tensor? Real { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = ["G", "D", "D_real", "D_fake", "D_Grad", "D_Epsilon"];

    public override IReadOnlyList<string> VisualNames { get; } = ["real", "fake"];

    internal override bool ConstantLearningRate => true;

    internal override int? PlannedEpochs(int batchesPerEpoch) =>
        _opt.EpochCount - 1 + (int)Math.Max(1, (Schedule.TotalIterations + batchesPerEpoch - 1) / Math.Max(1, batchesPerEpoch));

    internal override bool TrainingComplete => Scale == Schedule.Scales - 1 && IterAtScale >= Schedule.MaxIterAtScale[Scale];

    internal override IReadOnlyDictionary<string, string> CheckpointMetadata => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["progan_scale"] = Scale.ToString(CultureInfo.InvariantCulture),
        ["progan_alpha"] = Alpha.ToString("R", CultureInfo.InvariantCulture),
    };

    public override void SetInput(Tensor a, Tensor? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        int side = 4 << (Schedule.Scales - 1);
        if (a.Rank != 4 || a.Dim(2) != side || a.Dim(3) != side || a.Dim(1) != NetG.Spec.DimOutput)
            throw new ArgumentException($"progan takes real images [N, {NetG.Spec.DimOutput}, {side}, {side}] (the final scale); got {Tensor.ShapeString(a.Shape)}.", nameof(a));
        Real = a;
    }

    /// <summary>Gives the z of the next D and G updates instead of drawing them (the parity tests against PyTorch).</summary>
    public void SetNoise(Tensor zD, Tensor zG) => (_givenNoiseD, _givenNoiseG) = (zD, zG);

    /// <summary>Gives the ε of the next penalty instead of drawing it.</summary>
    public void SetEpsilon(float[] epsilon) => _givenEpsilon = epsilon ?? throw new ArgumentNullException(nameof(epsilon));

    /// <summary>Runs the averaged G on the fixed vectors (it draws nothing, so calling it never changes training).</summary>
    public override void Forward()
    {
        using (Autograd.NoGrad())
            _ = Generate(FixedNoise, null);
    }

    /// <summary>The averaged generator at the current scale and alpha.</summary>
    public Tensor Generate(Tensor z, Tensor? labels) => AvgG.Forward(z);

    /// <summary>Adds the next scale (the zoo's <c>addScale</c>): G, D and the averaged G grow, new optimizers, avgG = G.</summary>
    public void AddScale()
    {
        if (Scale + 1 >= Schedule.Scales)
            throw new InvalidOperationException($"progan is at its last scale ({Side}x{Side}); --depth_scales and --crop_size allow no more.");
        GrowNetworks();
        AvgG.LoadStateDict(NetG.StateDict(), "G");
        if (NetD is not null)
        {
            ReplaceOptimizer("G", NewAdam(NetG));
            ReplaceOptimizer("D", NewAdam(NetD));
        }
        IterAtScale = 0;
        AlphaIndex = 0;
    }

    /// <summary>Puts the schedule at iteration <paramref name="iter"/> of the current scale (tests, and resuming).</summary>
    internal void SetSchedulePosition(long iter, int alphaIndex, double alpha)
    {
        IterAtScale = iter;
        AlphaIndex = alphaIndex;
        SetAlpha(alpha);
    }

    /// <summary>Sets the fade-in factor of all three networks.</summary>
    public void SetAlpha(double alpha)
    {
        if (alpha is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        Alpha = alpha;
        NetG.Alpha = alpha;
        AvgG.Alpha = alpha;
        if (NetD is not null)
            NetD.Alpha = alpha;
    }

    public override void OptimizeParameters()
    {
        if (!IsTrain || NetD is null)
            throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");
        var full = Real ?? throw new InvalidOperationException("Call SetInput before OptimizeParameters.");
        if (IterAtScale >= Schedule.MaxIterAtScale[Scale] && Scale + 1 < Schedule.Scales)
            AddScale();
        var jumps = Schedule.AlphaJumpIters[Scale];
        if (AlphaIndex < jumps.Count && IterAtScale == jumps[AlphaIndex])
        {
            SetAlpha(Schedule.AlphaJumpValues[Scale][AlphaIndex]);
            AlphaIndex++;
        }
        int n = full.Dim(0);
        Tensor real;
        using (Autograd.NoGrad())
        {
            real = full;
            int factor = 1 << (Schedule.Scales - 1 - Scale);
            if (factor > 1)
                real = F.AvgPool2d(real, factor);
            if (Alpha > 0)
                real = ProgressiveOps.Blend(ProgressiveOps.Upscale2d(F.AvgPool2d(real, 2)), real, Alpha);
        }
        _realAtScale = real;

        NetD.SetRequiresGrad(true);
        var optimizerD = Optimizers[1].Optimizer;
        var optimizerG = Optimizers[0].Optimizer;
        optimizerD.ZeroGrad();
        using (TensorArena.TransientOfEntered())
        {
            var predReal = NetD.Forward(real);
            var lossReal = -F.Sum(predReal);
            Tensor fake;
            using (Autograd.NoGrad())
                fake = NetG.Forward(Draw(n, ref _givenNoiseD));
            var lossFake = F.Sum(NetD.Forward(fake));
            var penalty = Penalty(real, fake, n);
            var drift = F.Sum(F.Square(predReal)) * EpsilonD;
            var lossD = lossReal + lossFake + penalty + drift;
            lossD.Backward();
            (_lossDReal, _lossDFake, _lossGrad, _lossEpsilon) = (lossReal.Item(), lossFake.Item(), penalty.Item(), drift.Item());
            _lossD = _lossDReal + _lossDFake + _lossGrad + _lossEpsilon;
        }
        optimizerD.Step();

        NetD.SetRequiresGrad(false);   // D is fixed while G learns
        optimizerG.ZeroGrad();
        using (TensorArena.TransientOfEntered())
        {
            var lossG = -F.Sum(NetD.Forward(NetG.Forward(Draw(n, ref _givenNoiseG))));
            lossG.Backward();
            _lossG = lossG.Item();
        }
        optimizerG.Step();
        UpdateAverage();
        IterAtScale++;
    }

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() =>
    [
        new("G", _lossG), new("D", _lossD), new("D_real", _lossDReal), new("D_fake", _lossDFake),
        new("D_Grad", _lossGrad), new("D_Epsilon", _lossEpsilon),
    ];

    /// <summary>"real": the batch at the current scale (as D saw it); "fake": the averaged G on the 64 fixed vectors.</summary>
    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        if (_realAtScale is not null)
            list.Add(("real", ImageGrid.Make(_realAtScale.Dim(0) <= FixedCount ? _realAtScale : F.Slice(_realAtScale, 0, 0, FixedCount))));
        using (Autograd.NoGrad())
            list.Add(("fake", ImageGrid.Make(AvgG.Forward(FixedNoise))));
        return list;
    }

    /// <summary>
    /// Loads the averaged G saved by a run (<c>LABEL_net_avgG.safetensors</c>, else <c>LABEL_net_G</c>): the scales are read
    /// from the file's names, alpha from its metadata (<c>progan_alpha</c>; 0 when absent).
    /// </summary>
    public void LoadGeneratorForSampling(RunFolder run, string label)
    {
        ArgumentNullException.ThrowIfNull(run);
        string file = run.FindNetworkFile(label, "avgG") ?? run.FindNetworkFile(label, "G")
            ?? throw new FileNotFoundException($"No checkpoint {label}_net_avgG.safetensors (or {label}_net_G) in {run.Path}; available: "
                + $"{string.Join(", ", run.AvailableNetworkFiles("avgG"))}. Choose one with --epoch.", run.NetworkFile(label, "avgG"));
        LoadGeneratorFile(file);
    }

    /// <summary>Loads a progan generator file of ours (safetensors with <c>progan_alpha</c>) into the averaged G.</summary>
    public void LoadGeneratorFile(string file)
    {
        var (tensors, metadata) = Checkpoint.Read(file);
        int scales = tensors.Names.Count(n => n.StartsWith("toRGBLayers.", StringComparison.Ordinal) && n.EndsWith(".module.weight", StringComparison.Ordinal));
        if (scales < 1 || scales > Schedule.Scales)
            throw new CheckpointException($"'{file}' holds a progan generator of {scales} scales; this run's --depth_scales/--crop_size allow 1 to {Schedule.Scales}.");
        var rng = new Rng(0);
        for (int s = AvgG.Depths.Count; s < scales; s++)
            AvgG.AddScale(Schedule.Depths[s], rng);
        AvgG.SetRequiresGrad(false);
        Checkpoint.LoadInto(tensors, Path.GetFullPath(file), AvgG.StateDict());
        double alpha = metadata.TryGetValue("progan_alpha", out var a) ? double.Parse(a, CultureInfo.InvariantCulture) : 0;
        AvgG.Alpha = alpha;
        Alpha = alpha;
        Scale = scales - 1;
    }

    protected override void ExportExtraState(StateDict tensors, Dictionary<string, string> metadata)
    {
        metadata["progan.scale"] = Scale.ToString(CultureInfo.InvariantCulture);
        metadata["progan.iter"] = IterAtScale.ToString(CultureInfo.InvariantCulture);
        metadata["progan.alpha_index"] = AlphaIndex.ToString(CultureInfo.InvariantCulture);
        metadata["progan.alpha"] = Alpha.ToString("R", CultureInfo.InvariantCulture);
    }

    protected override void PrepareTrainingState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
        if (!metadata.TryGetValue("progan.scale", out var scaleText) || !int.TryParse(scaleText, CultureInfo.InvariantCulture, out int scale)
            || !metadata.TryGetValue("progan.iter", out var iterText) || !metadata.TryGetValue("progan.alpha_index", out var indexText)
            || !metadata.TryGetValue("progan.alpha", out var alphaText))
            throw new InvalidDataException($"{sourceName} has no progan schedule position (progan.scale, .iter, .alpha_index, .alpha); it was not written by --model progan. Start a new run.");
        if (scale < Scale || scale >= Schedule.Scales)
            throw new InvalidDataException($"{sourceName} was saved at scale {scale}; this run's --depth_scales/--crop_size give scales 0 to {Schedule.Scales - 1}. Continue with the options it was trained with.");
        while (Scale < scale)
            AddScale();
        IterAtScale = long.Parse(iterText, CultureInfo.InvariantCulture);
        AlphaIndex = int.Parse(indexText, CultureInfo.InvariantCulture);
        SetAlpha(double.Parse(alphaText, CultureInfo.InvariantCulture));
    }

    private void GrowNetworks()
    {
        Scale++;
        int depth = Schedule.Depths[Scale];
        // each scale's new layers come from their own generator, so a resumed run grows exactly as an uninterrupted one
        var rng = new Rng(unchecked(_seed ^ (0xA076_1D64_78BD_642FUL * (ulong)Scale)));
        NetG.AddScale(depth, rng);
        NetD?.AddScale(depth, rng);
        AvgG.AddScale(depth, rng);
        AvgG.SetRequiresGrad(false);
    }

    private Tensor Penalty(Tensor real, Tensor fake, int n)
    {
        var eps = new float[n];
        if (_givenEpsilon is { } given)
        {
            if (given.Length != n)
                throw new ArgumentException($"{given.Length} mixing weights given for a batch of {n}.");
            given.CopyTo(eps, 0);
            _givenEpsilon = null;
        }
        else
        {
            for (int i = 0; i < n; i++)
                eps[i] = TrainingRng.NextFloat();
        }
        Tensor mixed;
        using (Autograd.NoGrad())
        {
            var e = new Tensor(eps, n, 1, 1, 1);
            mixed = F.Add(F.Mul(e, real), F.Mul(F.Affine(e, -1f, 1f), fake));
        }
        mixed = mixed.Detach();
        mixed.RequiresGrad = true;
        var score = F.Sum(NetD!.Forward(mixed));
        var gradient = Autograd.Grad([score], [mixed], [Tensor.Ones(score.ShapeArray())], createGraph: true)[0];
        var norm = F.Sqrt(F.Sum(F.Square(F.Reshape(gradient, n, -1)), 1));
        return F.Mean(F.Square(F.Affine(norm, 1f, -1f))) * LambdaGp;
    }

    private Tensor Draw(int n, ref Tensor? given)
    {
        if (given is { } z)
        {
            given = null;
            if (z.Dim(0) != n || z.Dim(1) != ZDim)
                throw new ArgumentException($"The given z is {Tensor.ShapeString(z.Shape)}; the batch needs [{n}, {ZDim}].");
            return z;
        }
        var data = new float[n * ZDim];
        TrainingRng.FillNormal(data, 0f, 1f);
        return new Tensor(data, n, ZDim);
    }

    private void UpdateAverage()
    {
        // the parameter lists change only when the networks grow
        if (_averagePairs is null || _averagePairs.Value.Source.Count != NetG.Depths.Count)
            _averagePairs = (NetG.Depths.ToList(), NetG.Parameters().ToList(), AvgG.Parameters().ToList());
        var (_, source, target) = _averagePairs.Value;
        for (int i = 0; i < source.Count; i++)
        {
            var s = source[i].Data.AsSpan(0, source[i].Count);
            var t = target[i].Data.AsSpan(0, target[i].Count);
            for (int j = 0; j < t.Length; j++)
                t[j] = t[j] * 0.999f + 0.001f * s[j];
        }
    }

    private Adam NewAdam(Engine.Modules.Module net) => new(net.Parameters(), _opt.Lr, _opt.Beta1, 0.99f);
}

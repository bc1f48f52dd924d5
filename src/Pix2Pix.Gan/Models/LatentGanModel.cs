using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Visuals;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The classic GANs of GANS.md (gan, cgan, dcgan): G maps noise z ~ N(0, 1) — with a digit's label for the conditional
/// one — to an image; D gives the probability that an image is real (it ends in Sigmoid), trained with BCELoss.
/// One step, as the write-ups: D on the real batch (target 1) and on G(z) detached (target 0),
/// lossD = (real + fake) / 2, D step; then G with the non-saturating BCE(D(G(z)), 1) through the updated D, G step.
/// z comes from the model's <see cref="GanModel.TrainingRng"/> (saved in training states), so a resumed run draws the
/// same noise. 64 fixed vectors (and labels 0–9 repeated), drawn once from the seed, give the progress grid.
/// </summary>
internal abstract class LatentGanModel : GanModel, INoiseModel
{
    /// <summary>The number of fixed noise vectors of the progress grid (the write-ups' <c>fixed_noise</c>).</summary>
    public const int FixedCount = 64;

    /// <summary><c>--z_dim</c>: the length of z. Shared by the noise models; each sets its own default.</summary>
    public static ModelFlag<int> ZDimFlag { get; } = new("z_dim", 64,
        "length of the noise vector z of the classic GANs (gan: 64; cgan, dcgan: 100); their --netG/--netD: gan_mnist, cgan_mnist " +
        "(BatchNorm1d eps 0.8, the original's slip, kept on purpose), dcgan_mnist, dcgan_mnist32 (32x32: MNIST digits are padded), dcgan_64",
        OptionRange.Between(1, 4096, "the write-ups use 64 or 100"));

    /// <summary><c>--num_classes</c> of the conditional model: 10 digits, or the class folders of <c>--dataset_mode labeled</c>.</summary>
    public static ModelFlag<int> NumClassesFlag { get; } = new("num_classes", ConditionalFcGan.Classes,
        "number of classes the conditional GAN draws (cgan): 10 for MNIST digits, or the number of class folders of --dataset_mode labeled",
        OptionRange.Between(2, 1000, "one per class folder"));

    private readonly Adam? _optimizerG;
    private readonly Adam? _optimizerD;
    private Tensor? _givenNoise;
    private float _lossG = float.NaN, _lossD = float.NaN, _lossDReal = float.NaN, _lossDFake = float.NaN;

    protected LatentGanModel(TrainOptions opt, ulong seed, bool train)
        : this(opt, seed, train, beta2: 0.999f)
    {
    }

    /// <param name="beta2">Adam's second beta for both networks (PyTorch's default 0.999; WGAN-GP uses 0.9).</param>
    protected LatentGanModel(TrainOptions opt, ulong seed, bool train, float beta2)
        : base(train, seed)
    {
        ArgumentNullException.ThrowIfNull(opt);
        ZDim = ZDimFlag.Get(opt);
        NumClasses = Conditional ? NumClassesFlag.Get(opt) : 0;
        NetG = AddNetwork("G", NetworkRegistry.LatentGenerator(opt.NetG, opt.Model)
            .Build(new NetworkArgs(ZDim, opt.OutputNc, opt.Ngf, opt.Norm, InitRng: InitRng, Classes: NumClasses)));
        var fixedRng = new Rng(seed ^ 0x5EED_F1CE_D0_0015UL);
        FixedNoise = Tensor.Normal(fixedRng, 0f, 1f, FixedCount, ZDim);
        FixedLabels = new Tensor([.. Enumerable.Range(0, FixedCount).Select(i => (float)(i % Math.Max(NumClasses, 1)))], FixedCount, 1);
        if (!train)
            return;
        NetD = AddNetwork("D", NetworkRegistry.LatentDiscriminator(opt.NetD, opt.Model)
            .Build(new NetworkArgs(opt.InputNc, 1, opt.Ndf, opt.Norm, InitRng: InitRng, Classes: NumClasses)));
        _optimizerG = AddOptimizer("G", new Adam(NetG.Parameters(), opt.Lr, opt.Beta1, beta2));
        _optimizerD = AddOptimizer("D", new Adam(NetD.Parameters(), opt.Lr, opt.Beta1, beta2));
    }

    /// <summary>G's optimizer (training models only).</summary>
    protected Adam OptimizerG => _optimizerG ?? throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");

    /// <summary>D's optimizer (training models only).</summary>
    protected Adam OptimizerD => _optimizerD ?? throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");

    public int ZDim { get; }

    /// <summary>The classes of the conditional model (its one-hot length); 0 for the unconditional ones.</summary>
    public int NumClasses { get; }

    public Module NetG { get; }

    public Module? NetD { get; }

    /// <summary>The 64 vectors of the progress grid, [64, z_dim].</summary>
    public Tensor FixedNoise { get; }

    /// <summary>The labels that go with <see cref="FixedNoise"/> (conditional models): 0, 1, …, 9, 0, …; [64, 1].</summary>
    public Tensor FixedLabels { get; }

    /// <summary>Whether G and D take the digit's label (cgan).</summary>
    public abstract bool Conditional { get; }

    public Tensor? Real { get; private set; }

    /// <summary>The labels of <see cref="Real"/>, [N, 1] (0–9); null for data without labels.</summary>
    public Tensor? Labels { get; private set; }

    /// <summary>The z of the last step, [N, z_dim].</summary>
    public Tensor? Noise { get; private set; }

    public Tensor? Fake { get; private set; }

    public override IReadOnlyList<string> LossNames { get; } = ["G", "D", "D_real", "D_fake"];

    public override IReadOnlyList<string> VisualNames { get; } = ["real", "fake"];

    /// <summary>Takes real images [N, C, H, W] and, for the conditional model, their labels [N, 1].</summary>
    public override void SetInput(Tensor a, Tensor? b)
    {
        Real = a ?? throw new ArgumentNullException(nameof(a));
        if (Conditional && b is null)
            throw new ArgumentException("--model cgan needs the digits' labels; train it on --dataset_mode mnist.", nameof(b));
        Labels = b;
    }

    /// <summary>Gives the z of the next step instead of drawing it (the parity tests against PyTorch feed the same z).</summary>
    public void SetNoise(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Rank != 2 || z.Dim(1) != ZDim)
            throw new ArgumentException($"z must be [N, {ZDim}] (--z_dim {ZDim}); got {Tensor.ShapeString(z.Shape)}.", nameof(z));
        _givenNoise = z;
    }

    /// <summary>Draws z for the current batch from the training generator (unless one was given) and runs G.</summary>
    public override void Forward()
    {
        var real = Real ?? throw new InvalidOperationException("Call SetInput before Forward.");
        if (_givenNoise is { } given)
        {
            if (given.Dim(0) != real.Dim(0))
                throw new ArgumentException($"The given z holds {given.Dim(0)} vectors for a batch of {real.Dim(0)} images.");
            Noise = given;
            _givenNoise = null;
        }
        else
        {
            var z = new float[real.Dim(0) * ZDim];
            TrainingRng.FillNormal(z, 0f, 1f);
            Noise = new Tensor(z, real.Dim(0), ZDim);
        }
        Fake = Generate(Noise, Labels);
    }

    /// <summary>G(z) (with the one-hot labels for the conditional model).</summary>
    public Tensor Generate(Tensor z, Tensor? labels) => NetG.Forward(Conditional ? F.Concat(z, OneHot(labels, NumClasses), 1) : z);

    /// <summary>D(x) (with the one-hot labels for the conditional model): probabilities [N, 1].</summary>
    public Tensor Discriminate(Tensor images, Tensor? labels)
    {
        var d = NetD ?? throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");
        return d.Forward(Conditional ? F.Concat(F.Reshape(images, images.Dim(0), -1), OneHot(labels, NumClasses), 1) : images);
    }

    public override void OptimizeParameters()
    {
        if (!IsTrain || NetD is null)
            throw new InvalidOperationException("This model was built for sampling; build it with training on to train.");
        Forward();
        var real = Real!;
        var fake = Fake!;
        NetD.SetRequiresGrad(true);
        _optimizerD!.ZeroGrad();
        using (TensorArena.TransientOfEntered())
        {
            var lossReal = F.BceLoss(Discriminate(real, Labels), 1f);
            var lossFake = F.BceLoss(Discriminate(fake.Detach(), Labels), 0f);
            var lossD = (lossReal + lossFake) * 0.5f;
            lossD.Backward();
            (_lossDReal, _lossDFake, _lossD) = (lossReal.Item(), lossFake.Item(), lossD.Item());
        }
        _optimizerD.Step();
        NetD.SetRequiresGrad(false);   // D is fixed while G learns
        _optimizerG!.ZeroGrad();
        var lossG = F.BceLoss(Discriminate(fake, Labels), 1f);
        lossG.Backward();
        _lossG = lossG.Item();
        _optimizerG.Step();
    }

    public override IReadOnlyList<KeyValuePair<string, float>> CurrentLosses() =>
        [new("G", _lossG), new("D", _lossD), new("D_real", _lossDReal), new("D_fake", _lossDFake)];

    /// <summary>
    /// "real": a grid of the current batch (up to 64); "fake": a grid of G(fixed noise). G runs in training mode, as in the
    /// write-ups, but its batch-norm running statistics are put back afterwards, so showing progress never changes training.
    /// </summary>
    public override IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals()
    {
        var list = new List<(string, Tensor)>();
        if (Real is not null)
            list.Add(("real", ImageGrid.Make(Real.Dim(0) <= FixedCount ? Real : F.Slice(Real, 0, 0, FixedCount))));
        list.Add(("fake", ImageGrid.Make(GenerateFixed())));
        return list;
    }

    /// <summary>G(fixed noise, fixed labels) without recording gradients or touching batch-norm statistics.</summary>
    public Tensor GenerateFixed()
    {
        var saved = NetG.NamedModules().Select(m => m.Module).OfType<BatchNormBase>()
            .Select(b => (b, Mean: (float[]?)b.RunningMean?.Data.Clone(), Var: (float[]?)b.RunningVar?.Data.Clone(), Count: b.NumBatchesTracked?.Data[0]))
            .ToList();
        using (Autograd.NoGrad())
        {
            var fake = Generate(FixedNoise, FixedLabels);
            foreach (var (b, mean, var, count) in saved)
            {
                mean?.CopyTo(b.RunningMean!.Data, 0);
                var?.CopyTo(b.RunningVar!.Data, 0);
                if (count is long c) b.NumBatchesTracked!.Data[0] = c;
            }
            return fake;
        }
    }

    /// <summary>Labels [N, 1] (0 … classes − 1) → one-hot [N, classes].</summary>
    public static Tensor OneHot(Tensor? labels, int classes = ConditionalFcGan.Classes)
    {
        var l = labels ?? throw new ArgumentException($"The conditional model needs labels [N, 1] with classes 0–{classes - 1}.", nameof(labels));
        int n = l.Dim(0);
        var data = new float[n * classes];
        for (int i = 0; i < n; i++)
        {
            int k = (int)l.Data[i];
            if (k < 0 || k >= classes || k != l.Data[i])
                throw new ArgumentException(classes == ConditionalFcGan.Classes
                    ? $"Label {l.Data[i]} is not a class 0–9; with more classes (e.g. the class folders of --dataset_mode labeled) set --num_classes."
                    : $"Label {l.Data[i]} is not a class 0–{classes - 1}: the data has more classes than --num_classes {classes}; set --num_classes to the number of class folders.", nameof(labels));
            data[i * classes + k] = 1f;
        }
        return new Tensor(data, n, classes);
    }

    /// <summary>
    /// The checks of the noise models' options (their descriptors' <c>Check</c>): networks of the noise models, of the
    /// conditional kind exactly for cgan, G and D for one image side, <c>--crop_size</c> equal to it, z_dim in range.
    /// </summary>
    public static void CheckOptions(BaseOptions options, bool conditional)
    {
        ArgumentNullException.ThrowIfNull(options);
        var g = NetworkRegistry.LatentGenerator(options.NetG, options.Model);
        var d = NetworkRegistry.LatentDiscriminator(options.NetD, options.Model);
        if (g.Name == Pix2Pix.Gan.Networks.Progressive.ProgressiveNetworkDescriptors.Generator.Name || d.Name == Pix2Pix.Gan.Networks.Progressive.ProgressiveNetworkDescriptors.Discriminator.Name)
            throw new ArgumentException($"--netG/--netD progan grow on a schedule of scales, which only --model progan runs; choose another network pair for --model {options.Model}.");
        string conditionalNets = ConditionalFcGan.Generator.Name;
        if (conditional != (g.Name == conditionalNets) || conditional != (d.Name == conditionalNets))
            throw new ArgumentException(conditional
                ? $"--model {options.Model} feeds the digit's label to both networks; use --netG {conditionalNets} --netD {conditionalNets}."
                : $"--netG/--netD {conditionalNets} take the digit's label, which only --model cgan gives them; choose another network pair.");
        if (g.ImageSide != d.ImageSide)
            throw new ArgumentException($"--netG {g.Name} makes {g.ImageSide}x{g.ImageSide} images but --netD {d.Name} judges {d.ImageSide}x{d.ImageSide}; use --netD {g.Name}.");
        if (options.CropSize != g.ImageSide)
            throw new ArgumentException($"--netG {g.Name} makes {g.ImageSide}x{g.ImageSide} images, so the real ones must be that size too: use --crop_size {g.ImageSide}" +
                (options.DatasetMode == "mnist" ? $" (MNIST digits are padded with black to {g.ImageSide}x{g.ImageSide})." : $" --load_size {g.ImageSide}."));
        if (options.DatasetMode != "mnist" && options.Preprocess is not ("resize_and_crop" or "crop" or "scale_width_and_crop"))
            throw new ArgumentException($"--netG {g.Name} needs every real image {g.ImageSide}x{g.ImageSide}, which --preprocess {options.Preprocess} does not make; use --preprocess resize_and_crop --load_size {g.ImageSide} --crop_size {g.ImageSide}.");
        if (options is TrainOptions train && ZDimFlag.Get(train) is < 1 or > 4096)
            throw new ArgumentException($"--z_dim {ZDimFlag.Get(train)} is out of range; use 1 to 4096 (the write-ups use 64 or 100).");
    }
}

using Pix2Pix.Gan.Models;

namespace Pix2Pix.Gan.Options;

/// <summary>Training options: the reference's <c>train_options.py</c> and the models' training flags.</summary>
internal sealed class TrainOptions : BaseOptions
{
    public static readonly string[] GanModes = ["vanilla", "lsgan", "wgangp"];
    public static readonly string[] LrPolicies = ["linear", "step", "plateau", "cosine"];

    /// <summary>The most epochs a flag may name (the reference trains 200): far beyond any run, far from int overflow.</summary>
    public const int MaxEpochs = 1_000_000;

    public int DisplayFreq { get; set; } = 400;
    public int UpdateHtmlFreq { get; set; } = 1000;
    public int PrintFreq { get; set; } = 100;
    public bool NoHtml { get; set; }
    public bool Tensorboard { get; set; }
    public int SaveLatestFreq { get; set; } = 5000;
    public int SaveEpochFreq { get; set; } = 5;
    public bool SaveByIter { get; set; }
    public bool ContinueTrain { get; set; }

    /// <summary>With --continue_train: continue from weights alone, with a fresh optimizer and the schedule from --epoch_count (not saved in options.json).</summary>
    public bool ResetOptimizer { get; set; }
    public int EpochCount { get; set; } = 1;
    public string Phase { get; set; } = "train";
    public int NEpochs { get; set; } = 100;
    public int NEpochsDecay { get; set; } = 100;
    public float Beta1 { get; set; } = 0.5f;
    public float Lr { get; set; } = 0.0002f;
    public string GanMode { get; set; } = "lsgan";
    public int PoolSize { get; set; } = 50;
    public string LrPolicy { get; set; } = "linear";
    public int LrDecayIters { get; set; } = 50;

    public override bool IsTrain => true;

    /// <summary>
    /// What a continue saves in options.json when it differs from these options (one-off flags keep their saved values,
    /// see <see cref="ContinueFlags"/>); null: these options.
    /// </summary>
    internal TrainOptions? ToSave { get; set; }

    /// <summary>One line per flag a continue gives again (see <see cref="ContinueFlags.Merge"/>); empty otherwise.</summary>
    internal IReadOnlyList<string> ContinueChanges { get; set; } = [];

    /// <summary>Every training flag: the shared ones, the training loop's, then each registered model's own (lambda_L1, lambda_A, …).</summary>
    public static IReadOnlyList<OptionSpec> TrainSpecs => [.. LoopSpecs, .. ModelRegistry.Flags.Select(f => f.Spec)];

    /// <summary>The values of the models' own flags (<see cref="ModelFlag{T}"/>), by flag; a flag not set has its default.</summary>
    internal Dictionary<string, object> ModelFlagValues { get; } = new(StringComparer.Ordinal);

    private static readonly IReadOnlyList<OptionSpec> LoopSpecs = new OptionTable<TrainOptions>(BaseSpecs)
        .Add("display_freq", "frequency (in images) of saving training results to the HTML page", o => o.DisplayFreq, (o, v) => o.DisplayFreq = v)
        .Range(OptionRange.Between(1, int.MaxValue, "a number of images"))
        .Add("update_html_freq", "frequency (in images) of rewriting the training HTML page", o => o.UpdateHtmlFreq, (o, v) => o.UpdateHtmlFreq = v)
        .Range(OptionRange.Between(1, int.MaxValue, "a number of images"))
        .Add("print_freq", "frequency (in images) of printing losses to the console and loss_log.txt", o => o.PrintFreq, (o, v) => o.PrintFreq = v)
        .Range(OptionRange.Between(1, int.MaxValue, "a number of images"))
        .Add("no_html", "do not write intermediate training results to [checkpoints_dir]/[name]/web/", o => o.NoHtml, (o, v) => o.NoHtml = v)
        .Add("tensorboard", "write TensorBoard logs (losses, lr, steps per second, visuals, options) to [checkpoints_dir]/[name]/tensorboard/; "
            + "on by default for gan, cgan, dcgan and wgangp; --tensorboard false turns it off", o => o.Tensorboard, (o, v) => o.Tensorboard = v)
        .Add("save_latest_freq", "frequency (in images) of saving the latest results", o => o.SaveLatestFreq, (o, v) => o.SaveLatestFreq = v)
        .Range(OptionRange.Between(1, int.MaxValue, "a number of images"))
        .Add("save_epoch_freq", "frequency (in epochs) of saving checkpoints at the end of epochs", o => o.SaveEpochFreq, (o, v) => o.SaveEpochFreq = v)
        .Range(OptionRange.Between(1, int.MaxValue, "a number of epochs"))
        .Add("save_by_iter", "whether to also save checkpoints by iteration (iter_<n>)", o => o.SaveByIter, (o, v) => o.SaveByIter = v)
        .Add("continue_train", "continue training: load the latest model and the training state, and resume exactly", o => o.ContinueTrain, (o, v) => o.ContinueTrain = v)
        .Add("reset_optimizer", "with --continue_train: continue from the weights alone (a run without a training state, or another --epoch), with a fresh Adam optimizer and the schedule from --epoch_count; not an exact resume, and existing epoch snapshots are kept", o => o.ResetOptimizer, (o, v) => o.ResetOptimizer = v)
        .Add("epoch_count", "the starting epoch count: we save the model by <epoch_count>, <epoch_count>+<save_latest_freq>, ...", o => o.EpochCount, (o, v) => o.EpochCount = v)
        .Range(OptionRange.Between(1, MaxEpochs))
        .Add("phase", "train, val, test, etc", o => o.Phase, (o, v) => o.Phase = v)
        .Range(OptionRange.PathPart())
        .Add("n_epochs", "number of epochs with the initial learning rate", o => o.NEpochs, (o, v) => o.NEpochs = v)
        .Range(OptionRange.Between(0, MaxEpochs))
        .Add("n_epochs_decay", "number of epochs to linearly decay learning rate to zero", o => o.NEpochsDecay, (o, v) => o.NEpochsDecay = v)
        .Range(OptionRange.Between(0, MaxEpochs))
        .Add("beta1", "momentum term of adam", o => o.Beta1, (o, v) => o.Beta1 = v)
        .Range(OptionRange.Between(0.0, 0.999999))
        .Add("lr", "initial learning rate for adam", o => o.Lr, (o, v) => o.Lr = v)
        .Range(OptionRange.Between(0.0, float.MaxValue, exclusiveMin: true, why: "the reference uses 0.0002"))
        .Add("gan_mode", "the type of GAN objective; vanilla is the cross-entropy objective of the original GAN paper", o => o.GanMode, (o, v) => o.GanMode = v, GanModes)
        .Add("pool_size", "the size of the image buffer that stores previously generated images", o => o.PoolSize, (o, v) => o.PoolSize = v)
        .Range(OptionRange.Between(0, 100000, "0 disables the pool"))
        .Add("lr_policy", "learning rate policy", o => o.LrPolicy, (o, v) => o.LrPolicy = v, LrPolicies)
        .Add("lr_decay_iters", "multiply by a gamma every lr_decay_iters epochs (step policy)", o => o.LrDecayIters, (o, v) => o.LrDecayIters = v)
        .Range(OptionRange.Between(1, MaxEpochs, "a number of epochs"))
        .Specs;

    public override IReadOnlyList<OptionSpec> Specs => TrainSpecs;

    public override void Validate()
    {
        base.Validate();
        if (ModelRegistry.Find(Model)?.TrainingRefusal is { } refusal)
            throw new ArgumentException(refusal);
        int last = NEpochs + NEpochsDecay;   // both at most MaxEpochs: no overflow
        if (last < 1)
            throw new OptionsException("--n_epochs 0 with --n_epochs_decay 0 trains no epoch: give at least one (the reference uses 100 and 100).");
        if (EpochCount > last)
            throw new OptionsException($"--epoch_count {EpochCount} is beyond the last epoch ({last} = --n_epochs {NEpochs} + --n_epochs_decay {NEpochsDecay}), so nothing would train; "
                + $"to train epochs {EpochCount} and on, raise --n_epochs to {EpochCount} or more.");
        if (ResetOptimizer && !ContinueTrain)
            throw new OptionsException("--reset_optimizer applies only with --continue_train (a new run starts with a fresh optimizer anyway).");
        if (NetD == "n_layers")
            CheckDiscriminatorDepth();
    }

    /// <summary>
    /// <c>--netD n_layers</c>: each of the n_layers_D strided convolutions (kernel 4, stride 2, padding 1) halves the
    /// image and the last two (stride 1) take one pixel each, so a deep D on a small crop has nothing left to judge.
    /// </summary>
    private void CheckDiscriminatorDepth()
    {
        int most = 0;
        while (most < 10 && PatchSide(CropSize, most + 1) >= 1)
            most++;
        if (NLayersD > most)
            throw new OptionsException(most == 0
                ? $"--n_layers_D {NLayersD} with --crop_size {CropSize}: the crop is too small for any n_layers discriminator; use a --crop_size of 16 or more."
                : $"--n_layers_D {NLayersD} with --crop_size {CropSize} shrinks the image to nothing before the discriminator's last layer; "
                + $"use --n_layers_D {most} or less, or a larger --crop_size.");
    }

    /// <summary>The side of NLayerDiscriminator's output for a square input of <paramref name="side"/> (0 or less: nothing left).</summary>
    internal static int PatchSide(int side, int layers)
    {
        for (int i = 0; i < layers; i++)
        {
            if (side < 2)
                return 0;
            side = (side - 2) / 2 + 1;
        }
        return side - 2;
    }
}

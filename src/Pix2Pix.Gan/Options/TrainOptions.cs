using Pix2Pix.Gan.Models;

namespace Pix2Pix.Gan.Options;

/// <summary>Training options: the reference's <c>train_options.py</c> and the models' training flags.</summary>
public sealed class TrainOptions : BaseOptions
{
    public static readonly string[] GanModes = ["vanilla", "lsgan", "wgangp"];
    public static readonly string[] LrPolicies = ["linear", "step", "plateau", "cosine"];

    public int DisplayFreq { get; set; } = 400;
    public int UpdateHtmlFreq { get; set; } = 1000;
    public int PrintFreq { get; set; } = 100;
    public bool NoHtml { get; set; }
    public int SaveLatestFreq { get; set; } = 5000;
    public int SaveEpochFreq { get; set; } = 5;
    public bool SaveByIter { get; set; }
    public bool ContinueTrain { get; set; }
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

    /// <summary>Every training flag: the shared ones, the training loop's, then each registered model's own (lambda_L1, lambda_A, …).</summary>
    public static IReadOnlyList<OptionSpec> TrainSpecs => [.. LoopSpecs, .. ModelRegistry.Flags.Select(f => f.Spec)];

    /// <summary>The values of the models' own flags (<see cref="ModelFlag{T}"/>), by flag; a flag not set has its default.</summary>
    internal Dictionary<string, object> ModelFlagValues { get; } = new(StringComparer.Ordinal);

    private static readonly IReadOnlyList<OptionSpec> LoopSpecs = new OptionTable<TrainOptions>(BaseSpecs)
        .Add("display_freq", "frequency (in images) of saving training results to the HTML page", o => o.DisplayFreq, (o, v) => o.DisplayFreq = v)
        .Add("update_html_freq", "frequency (in images) of rewriting the training HTML page", o => o.UpdateHtmlFreq, (o, v) => o.UpdateHtmlFreq = v)
        .Add("print_freq", "frequency (in images) of printing losses to the console and loss_log.txt", o => o.PrintFreq, (o, v) => o.PrintFreq = v)
        .Add("no_html", "do not write intermediate training results to [checkpoints_dir]/[name]/web/", o => o.NoHtml, (o, v) => o.NoHtml = v)
        .Add("save_latest_freq", "frequency (in images) of saving the latest results", o => o.SaveLatestFreq, (o, v) => o.SaveLatestFreq = v)
        .Add("save_epoch_freq", "frequency (in epochs) of saving checkpoints at the end of epochs", o => o.SaveEpochFreq, (o, v) => o.SaveEpochFreq = v)
        .Add("save_by_iter", "whether to also save checkpoints by iteration (iter_<n>)", o => o.SaveByIter, (o, v) => o.SaveByIter = v)
        .Add("continue_train", "continue training: load the latest model and the training state, and resume exactly", o => o.ContinueTrain, (o, v) => o.ContinueTrain = v)
        .Add("epoch_count", "the starting epoch count: we save the model by <epoch_count>, <epoch_count>+<save_latest_freq>, ...", o => o.EpochCount, (o, v) => o.EpochCount = v)
        .Add("phase", "train, val, test, etc", o => o.Phase, (o, v) => o.Phase = v)
        .Add("n_epochs", "number of epochs with the initial learning rate", o => o.NEpochs, (o, v) => o.NEpochs = v)
        .Add("n_epochs_decay", "number of epochs to linearly decay learning rate to zero", o => o.NEpochsDecay, (o, v) => o.NEpochsDecay = v)
        .Add("beta1", "momentum term of adam", o => o.Beta1, (o, v) => o.Beta1 = v)
        .Add("lr", "initial learning rate for adam", o => o.Lr, (o, v) => o.Lr = v)
        .Add("gan_mode", "the type of GAN objective; vanilla is the cross-entropy objective of the original GAN paper", o => o.GanMode, (o, v) => o.GanMode = v, GanModes)
        .Add("pool_size", "the size of the image buffer that stores previously generated images", o => o.PoolSize, (o, v) => o.PoolSize = v)
        .Add("lr_policy", "learning rate policy", o => o.LrPolicy, (o, v) => o.LrPolicy = v, LrPolicies)
        .Add("lr_decay_iters", "multiply by a gamma every lr_decay_iters epochs (step policy)", o => o.LrDecayIters, (o, v) => o.LrDecayIters = v)
        .Specs;

    public override IReadOnlyList<OptionSpec> Specs => TrainSpecs;

    public override void Validate()
    {
        base.Validate();
        if (ModelRegistry.Find(Model)?.TrainingRefusal is { } refusal)
            throw new ArgumentException(refusal);
        if (NEpochs < 0 || NEpochsDecay < 0 || EpochCount < 1)
            throw new ArgumentException("--n_epochs and --n_epochs_decay must be 0 or more and --epoch_count 1 or more.");
        if (Lr <= 0)
            throw new ArgumentException($"--lr {Lr} must be positive (the reference uses 0.0002).");
    }
}

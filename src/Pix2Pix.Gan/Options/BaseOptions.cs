using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Options;

/// <summary>Options shared by training and testing: the reference's <c>base_options.py</c>, plus <c>--seed</c>.</summary>
internal class BaseOptions
{
    public static readonly string[] Norms = ["batch", "instance", "none"];
    public static readonly string[] InitTypes = ["normal", "xavier", "kaiming", "orthogonal"];
    public static readonly string[] DatasetModes = ["aligned", "unaligned", "single", "colorization", "mnist", "labeled"];
    public static readonly string[] Preprocesses = ["resize_and_crop", "crop", "scale_width", "scale_width_and_crop", "none"];

    public string DataRoot { get; set; } = "";
    public string Name { get; set; } = "experiment_name";
    public string CheckpointsDir { get; set; } = "./checkpoints";
    public string Model { get; set; } = ModelRegistry.DefaultModel;
    public int InputNc { get; set; } = 3;
    public int OutputNc { get; set; } = 3;
    public int Ngf { get; set; } = 64;
    public int Ndf { get; set; } = 64;
    public string NetD { get; set; } = "basic";
    public string NetG { get; set; } = "resnet_9blocks";
    public int NLayersD { get; set; } = 3;
    public string Norm { get; set; } = "instance";
    public string InitType { get; set; } = "normal";
    public float InitGain { get; set; } = 0.02f;
    public bool NoDropout { get; set; }
    public string DatasetMode { get; set; } = "unaligned";
    public string Direction { get; set; } = "AtoB";
    public bool SerialBatches { get; set; }
    public int NumThreads { get; set; } = Environment.ProcessorCount;
    public int BatchSize { get; set; } = 1;
    public int LoadSize { get; set; } = 286;
    public int CropSize { get; set; } = 256;
    public int MaxDatasetSize { get; set; } = int.MaxValue;
    public string Preprocess { get; set; } = "resize_and_crop";
    public bool NoFlip { get; set; }
    public int DisplayWinsize { get; set; } = 256;
    public string Epoch { get; set; } = "latest";
    public int LoadIter { get; set; }
    public bool Verbose { get; set; }
    public string Suffix { get; set; } = "";
    public int Seed { get; set; }
    public bool SkipBadImages { get; set; }

    /// <summary>Whether this is a training run (train options) rather than a test run.</summary>
    public virtual bool IsTrain => false;

    public string RunDirectory => Path.Combine(CheckpointsDir, Name);

    public static IReadOnlyList<OptionSpec> BaseSpecs { get; } = new OptionTable<BaseOptions>()
        .Add("dataroot", "path to images (should have subfolders trainA, trainB, valA, valB, etc. for unaligned; train, val, test for aligned)", o => o.DataRoot, (o, v) => o.DataRoot = v)
        .Range(OptionRange.AnyText)
        .Add("name", "name of the experiment; checkpoints and results are stored under this name", o => o.Name, (o, v) => o.Name = v)
        .Range(OptionRange.PathPart())
        .Add("checkpoints_dir", "models are saved here", o => o.CheckpointsDir, (o, v) => o.CheckpointsDir = v)
        .Range(OptionRange.NotEmpty)
        .Add("model", "which model to use", o => o.Model, (o, v) => o.Model = v, () => ModelRegistry.Names)
        .Add("input_nc", "# of input image channels: 3 for RGB and 1 for grayscale", o => o.InputNc, (o, v) => o.InputNc = v)
        .Range(OptionRange.Between(1, 3))
        .Add("output_nc", "# of output image channels: 3 for RGB and 1 for grayscale", o => o.OutputNc, (o, v) => o.OutputNc = v)
        .Range(OptionRange.Between(1, 3))
        .Add("ngf", "# of gen filters in the last conv layer", o => o.Ngf, (o, v) => o.Ngf = v)
        .Range(OptionRange.Between(1, 4096))
        .Add("ndf", "# of discrim filters in the first conv layer", o => o.Ndf, (o, v) => o.Ndf = v)
        .Range(OptionRange.Between(1, 4096))
        .Add("netD", "discriminator architecture: basic is a 70x70 PatchGAN, n_layers uses --n_layers_D, pixel is a 1x1 PixelGAN", o => o.NetD, (o, v) => o.NetD = v, () => NetworkRegistry.DiscriminatorNames)
        .Add("netG", "generator architecture", o => o.NetG, (o, v) => o.NetG = v, () => NetworkRegistry.GeneratorNames)
        .Add("n_layers_D", "only used if netD==n_layers", o => o.NLayersD, (o, v) => o.NLayersD = v)
        .Range(OptionRange.Between(1, 10, "each layer halves the image"))
        .Add("norm", "instance normalization or batch normalization", o => o.Norm, (o, v) => o.Norm = v, Norms)
        .Add("init_type", "network initialization", o => o.InitType, (o, v) => o.InitType = v, InitTypes)
        .Add("init_gain", "scaling factor for normal, xavier and orthogonal", o => o.InitGain, (o, v) => o.InitGain = v)
        .Range(OptionRange.Between(0.0, 100.0, exclusiveMin: true, why: "the reference uses 0.02"))
        .Add("no_dropout", "no dropout for the generator", o => o.NoDropout, (o, v) => o.NoDropout = v)
        .Add("dataset_mode", "how datasets are loaded", o => o.DatasetMode, (o, v) => o.DatasetMode = v, DatasetModes)
        .Add("direction", "AtoB or BtoA", o => o.Direction, (o, v) => o.Direction = v, "AtoB", "BtoA")
        .Add("serial_batches", "if set, takes images in order to make batches, otherwise takes them randomly", o => o.SerialBatches, (o, v) => o.SerialBatches = v)
        .Add("num_threads", "# threads for computation and data loading (default: all cores)", o => o.NumThreads, (o, v) => o.NumThreads = v)
        .Range(OptionRange.Between(1, 1024))
        .Add("batch_size", "input batch size", o => o.BatchSize, (o, v) => o.BatchSize = v)
        .Range(OptionRange.Between(1, 4096))
        .Add("load_size", "scale images to this size", o => o.LoadSize, (o, v) => o.LoadSize = v)
        .Range(OptionRange.Between(1, 4096, "larger images do not fit in memory for training"))
        .Add("crop_size", "then crop to this size", o => o.CropSize, (o, v) => o.CropSize = v)
        .Range(OptionRange.Between(1, 4096, "larger images do not fit in memory for training"))
        .Add("max_dataset_size", "maximum number of samples allowed per dataset (inf: all)", o => o.MaxDatasetSize, (o, v) => o.MaxDatasetSize = v)
        .Range(OptionRange.Between(1, int.MaxValue))
        .Add("preprocess", "scaling and cropping of images at load time", o => o.Preprocess, (o, v) => o.Preprocess = v, Preprocesses)
        .Add("no_flip", "if specified, do not flip the images for data augmentation", o => o.NoFlip, (o, v) => o.NoFlip = v)
        .Add("display_winsize", "display window size for the HTML pages", o => o.DisplayWinsize, (o, v) => o.DisplayWinsize = v)
        .Range(OptionRange.Between(1, 4096))
        .Add("epoch", "which epoch to load? set to latest to use latest cached model", o => o.Epoch, (o, v) => o.Epoch = v)
        .Range(OptionRange.PathPart())
        .Add("load_iter", "which iteration to load? if load_iter > 0, the code loads models by iter_[load_iter]; otherwise by [epoch]", o => o.LoadIter, (o, v) => o.LoadIter = v)
        .Range(OptionRange.Between(0, int.MaxValue, "0 loads by --epoch"))
        .Add("verbose", "if specified, print more debugging information", o => o.Verbose, (o, v) => o.Verbose = v)
        .Add("suffix", "customized suffix: opt.name = opt.name + suffix, e.g. {model}_{netG}_size{load_size}", o => o.Suffix, (o, v) => o.Suffix = v)
        .Range(OptionRange.PathPart(allowEmpty: true))
        .Add("seed", "random seed for initialization, data order and augmentation (ours; same seed and threads give the same run)", o => o.Seed, (o, v) => o.Seed = v)
        .Range(OptionRange.AnyInt)
        .Add("skip_bad_images", "go on without the image files the start-up scan finds damaged (listed in the run folder's skipped_images.txt) instead of stopping", o => o.SkipBadImages, (o, v) => o.SkipBadImages = v)
        .Specs;

    public virtual IReadOnlyList<OptionSpec> Specs => BaseSpecs;

    /// <summary>Copies every shared flag (architecture, data, seed…) to <paramref name="target"/>, e.g. from a run's training options.</summary>
    public void CopyBaseFlagsTo(BaseOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var spec in BaseSpecs)
            spec.Set(target, spec.Get(this));
    }

    /// <summary>
    /// The model's defaults (<see cref="ModelDescriptor.Defaults"/>, e.g. pix2pix → batch norm, unet_256, aligned, and for
    /// training pool_size 0 and vanilla GAN loss), applied to every flag the user did not give (<paramref name="given"/>).
    /// </summary>
    public void ApplyModelDefaults(ISet<string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        ModelRegistry.Find(Model)?.ApplyDefaults(this, given);
    }

    /// <summary>Checks combinations the flags alone cannot; throws with a message that says what to change.</summary>
    public virtual void Validate()
    {
        foreach (var spec in Specs)
        {
            if (spec.Problem(spec.Get(this)) is { } problem)
                throw new OptionsException(problem);
        }
        if (string.IsNullOrWhiteSpace(DataRoot))
            throw new ArgumentException("--dataroot is required: the folder holding the images (for pix2pix: train/, val/, test/ with A|B side-by-side images).");
        if (InputNc is not (1 or 3) || OutputNc is not (1 or 2 or 3))
            throw new ArgumentException($"--input_nc {InputNc} / --output_nc {OutputNc}: use 1 or 3 (colorization uses 1 → 2).");
        if (BatchSize < 1 || Ngf < 1 || Ndf < 1 || NumThreads < 1 || CropSize < 1 || LoadSize < 1)
            throw new ArgumentException("--batch_size, --ngf, --ndf, --num_threads, --crop_size and --load_size must be positive.");
        if (Preprocess.Contains("crop", StringComparison.Ordinal) && Preprocess != "crop" && CropSize > LoadSize)
            throw new ArgumentException($"--crop_size {CropSize} is larger than --load_size {LoadSize}; with --preprocess {Preprocess} the crop is cut from the loaded image, so use --load_size {CropSize} or more.");
        if (ModelRegistry.Find(Model)?.Check is { } check)
            check(this);
        else if (NetworkRegistry.FindGenerator(NetG) is null && NetworkRegistry.FindLatentGenerator(NetG) is not null)
            NetworkRegistry.Generator(NetG);   // throws: that --netG generates from noise, which this model cannot use
        if (Preprocess != "none" && Preprocess != "scale_width")
            NetworkRegistry.FindGenerator(NetG)?.SizeRule.CheckCropSize(CropSize, "--netG " + NetG);
    }
}

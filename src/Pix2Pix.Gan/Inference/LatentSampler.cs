using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Inference;

/// <summary>
/// <c>pix2pix sample</c>: draws images from the generator of a trained noise model (gan, cgan, dcgan). The run folder's
/// options.json gives the model and its networks; G runs in eval mode (batch-norm running statistics). Sample i uses
/// the i-th z drawn from <c>--seed</c>, so the same seed gives the same images whatever <c>--num</c> is (up to float rounding
/// of the batch's matrix products).
/// </summary>
internal sealed class LatentSampler
{
    public const int MaxSamples = 100_000;
    private const int Chunk = 64;

    private LatentSampler(INoiseModel model, string runPath, string modelName)
    {
        Model = model;
        RunPath = runPath;
        ModelName = modelName;
    }

    internal INoiseModel Model { get; }

    /// <summary>The run folder, or the checkpoint file given with <c>--checkpoint</c>.</summary>
    public string RunPath { get; }

    /// <summary>Whether grids follow the PGGAN write-up (clamp, each image scaled on its own): progan.</summary>
    public bool GridScaleEach => ModelName == "progan";

    /// <summary>The run's <c>--model</c>.</summary>
    public string ModelName { get; }

    /// <summary>Loads G of run <paramref name="name"/> under <paramref name="checkpointsDir"/> (checkpoint <paramref name="epoch"/>).</summary>
    public static LatentSampler Load(string checkpointsDir, string name, string epoch = "latest")
    {
        ArgumentNullException.ThrowIfNull(checkpointsDir);
        ArgumentNullException.ThrowIfNull(name);
        var run = new RunFolder(Path.Combine(checkpointsDir, name));
        if (!File.Exists(run.OptionsJson))
            throw new FileNotFoundException($"'{run.Path}' has no options.json: it is not a training run. Train one first (pix2pix train --model gan --dataset_mode mnist --dataroot DIR --name {name}), or give --checkpoints_dir.", run.OptionsJson);
        var options = new TrainOptions();
        run.LoadOptions(options);
        switch (ModelFactory.Create(options, (ulong)options.Seed))
        {
            case LatentGanModel model:
                run.LoadNetwork(model.NetG, epoch, "G");
                model.NetG.Eval();
                return new LatentSampler(model, run.Path, options.Model);
            case ProganModel progan:
                progan.LoadGeneratorForSampling(run, epoch);
                return new LatentSampler(progan, run.Path, options.Model);
            default:
                throw new ArgumentException($"'{run.Path}' is a --model {options.Model} run, which translates images rather than drawing them from noise; use 'pix2pix translate --checkpoint {run.Path}'.");
        }
    }

    /// <summary>
    /// Loads a generator file without a run folder: for <c>--model progan</c> a pytorch_GAN_zoo checkpoint (the hub's
    /// <c>PGAN</c> files; its averaged G) or a progan <c>…_net_avgG.safetensors</c> of ours; for gan, cgan, dcgan and wgangp
    /// a G state dict (safetensors or .pth) of the model's default networks (the write-up's).
    /// </summary>
    public static LatentSampler LoadFile(string file, string modelName)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        string full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new FileNotFoundException($"--checkpoint '{full}' does not exist.", full);
        var descriptor = ModelRegistry.Find(modelName);
        if (descriptor is null || (descriptor.Name != "progan" && descriptor.DatasetMode != "mnist"))
            throw new ArgumentException($"--model {modelName} does not draw images from noise; give --model gan, cgan, dcgan, wgangp or progan with --checkpoint.");
        if (descriptor.Name == "progan" && StartsLikePth(full) && ZooCheckpoint.TryLoad(full) is { } zoo)
            return new LatentSampler(new GeneratorOnly(zoo.BuildGenerator(), zoo.Spec.DimLatent), full, modelName);
        if (descriptor.Name == "progan")
            return new LatentSampler(new GeneratorOnly(BareProgressiveGenerator(full, out int zDim), zDim), full, modelName);
        var options = new TrainOptions { Model = modelName, DataRoot = "." };
        descriptor.ApplyDefaults(options, new HashSet<string>(StringComparer.Ordinal));
        if (ModelFactory.Create(options, (ulong)options.Seed) is not LatentGanModel latent)
            throw new ArgumentException($"--model {modelName} does not draw images from noise.");
        Engine.Checkpoints.Checkpoint.LoadInto(full, latent.NetG.StateDict());
        latent.NetG.Eval();
        return new LatentSampler(latent, full, modelName);
    }

    private static bool StartsLikePth(string file)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(file);
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Engine.Checkpoints.PthFile.StartsLikePth(head[..got]);
    }

    /// <summary>A progan generator file of ours (…_net_avgG.safetensors): shapes from its tensors, alpha from its metadata.</summary>
    private static Networks.Progressive.ProgressiveGenerator BareProgressiveGenerator(string full, out int zDim)
    {
        var (tensors, meta) = Engine.Checkpoints.Checkpoint.Read(full);
        if (!tensors.Contains("formatLayer.module.weight") || !tensors.Contains("groupScale0.0.module.weight") || !tensors.Contains("toRGBLayers.0.module.weight"))
            throw new Engine.Checkpoints.CheckpointException($"'{full}' is neither a pytorch_GAN_zoo checkpoint nor a progan generator of ours (no formatLayer/toRGBLayers); check the path.");
        zDim = tensors.ShapeOf("formatLayer.module.weight")[1];
        var spec = new Networks.Progressive.ProgressiveSpec(zDim, tensors.ShapeOf("groupScale0.0.module.weight")[0], tensors.ShapeOf("toRGBLayers.0.module.weight")[0]);
        var g = new Networks.Progressive.ProgressiveGenerator(spec, new Rng(0));
        for (int s = 0; tensors.Contains($"scaleLayers.{s}.0.module.weight"); s++)
            g.AddScale(tensors.ShapeOf($"scaleLayers.{s}.0.module.weight")[0]);
        Engine.Checkpoints.Checkpoint.LoadInto(tensors, full, g.StateDict());
        g.Alpha = meta.TryGetValue("progan_alpha", out var a) ? double.Parse(a, CultureInfo.InvariantCulture) : 0;
        g.SetRequiresGrad(false);
        return g;
    }

    /// <summary>A bare progressive generator as a noise model.</summary>
    private sealed class GeneratorOnly(Engine.Modules.Module generator, int zDim) : INoiseModel
    {
        public int ZDim => zDim;

        public bool Conditional => false;

        public int NumClasses => 0;

        public Tensor Generate(Tensor z, Tensor? labels) => generator.Forward(z);
    }

    /// <summary>
    /// <paramref name="count"/> images [N, C, H, W] in [−1, 1]; for the conditional model all of digit
    /// <paramref name="label"/>, or 0, 1, …, 9, 0, … when it is null.
    /// </summary>
    public Tensor Sample(int count, int? label, ulong seed)
    {
        if (count is < 1 or > MaxSamples)
            throw new ArgumentException($"--num {count} is out of range; use 1 to {MaxSamples}.");
        if (label is not null && !Model.Conditional)
            throw new ArgumentException($"--label works with a conditional model (--model cgan); this is --model {ModelName}, whose digits cannot be chosen.");
        if (label is { } k && (k < 0 || k >= Model.NumClasses))
            throw new ArgumentException(Model.NumClasses == 10 ? $"--label {label} is not a digit; use 0 to 9." : $"--label {label} is not a class of this run; use 0 to {Model.NumClasses - 1}.");
        var rng = new Rng(seed);
        Tensor? all = null;
        using var noGrad = Autograd.NoGrad();
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            var z = Tensor.Normal(rng, 0f, 1f, n, Model.ZDim);
            var labels = new Tensor([.. Enumerable.Range(start, n).Select(i => (float)(label ?? i % Math.Max(Model.NumClasses, 1)))], n, 1);
            var images = Model.Generate(z, Model.Conditional ? labels : null);
            all ??= Tensor.Zeros([count, .. images.ShapeArray()[1..]]);
            images.Data.AsSpan(0, images.Count).CopyTo(all.Data.AsSpan(start * (images.Count / n)));
        }
        return all!;
    }

    /// <summary>Writes one PNG per image (<c>0001.png</c>, …) into <paramref name="folder"/>, and the grid when asked.</summary>
    /// <param name="perRow">Images per row of the grid.</param>
    /// <param name="scaleEach">The PGGAN write-up's grid: images clamped to [−1, 1], each min–max scaled on its own
    /// (<c>make_grid(…, scale_each=True, normalize=True)</c>); otherwise one range for the whole batch.</param>
    public static IReadOnlyList<string> Write(Tensor images, string folder, string? gridFile, int perRow = 8, bool scaleEach = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        int n = images.Dim(0), digits = Math.Max(4, n.ToString(CultureInfo.InvariantCulture).Length);
        var files = new List<string>(n);
        for (int i = 0; i < n; i++)
        {
            string path = Path.Combine(folder, (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png");
            ImageCodecs.SavePng(TensorImage.ToImage(images, i), path);
            files.Add(path);
        }
        if (gridFile is not null)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(gridFile));
            if (dir is not null)
                Directory.CreateDirectory(dir);
            var shown = images;
            if (scaleEach)
            {
                shown = new Tensor(images.Data[..images.Count], images.ShapeArray());
                for (int i = 0; i < shown.Count; i++)
                    shown.Data[i] = Math.Clamp(shown.Data[i], -1f, 1f);
            }
            ImageCodecs.SavePng(ImageGrid.ToImage(shown, perRow, scaleEach: scaleEach), gridFile);
        }
        return files;
    }
}

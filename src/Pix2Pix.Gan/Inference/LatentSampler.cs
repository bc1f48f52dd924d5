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

    private LatentSampler(LatentGanModel model, string runPath, string modelName)
    {
        Model = model;
        RunPath = runPath;
        ModelName = modelName;
    }

    public LatentGanModel Model { get; }

    public string RunPath { get; }

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
        if (ModelFactory.Create(options, (ulong)options.Seed) is not LatentGanModel model)
            throw new ArgumentException($"'{run.Path}' is a --model {options.Model} run, which translates images rather than drawing them from noise; use 'pix2pix translate --checkpoint {run.Path}'.");
        run.LoadNetwork(model.NetG, epoch, "G");
        model.NetG.Eval();
        return new LatentSampler(model, run.Path, options.Model);
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
            throw new ArgumentException($"--label works with a conditional model (--model cgan); this run is --model {ModelName}, whose digits cannot be chosen.");
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
    public static IReadOnlyList<string> Write(Tensor images, string folder, string? gridFile)
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
            ImageCodecs.SavePng(ImageGrid.ToImage(images), gridFile);
        }
        return files;
    }
}

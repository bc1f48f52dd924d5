using System.Globalization;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Training;

/// <summary>A training step's estimated peak memory, and what it is made of.</summary>
internal sealed record TrainingMemoryEstimate(long Parameters, long ActivationValues, long Bytes)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"about {Gigabytes(Bytes):F1} GB ({Parameters / 1e6:F1} M parameters, {ActivationValues / 1e6:F0} M activation values per step)");

    public static double Gigabytes(long bytes) => bytes / (1024.0 * 1024 * 1024);
}

/// <summary>
/// Refuses, before anything is built or loaded, a training whose step cannot fit in memory (a huge <c>--crop_size</c>,
/// <c>--batch_size</c> or <c>--ngf</c>), instead of minutes of swapping or an out-of-memory crash hours in.
/// The estimate walks every network of the model on shapes alone (<see cref="ShapeWalk"/>): parameters cost 16 bytes
/// in training (weights, gradients, Adam's two moments), and each layer output counts
/// <see cref="BytesPerActivation"/> bytes (the forward value kept for backward, its gradient, the discriminator's
/// passes on real and fake images and the workspaces; calibrated against measured peaks, docs/continue.md).
/// </summary>
internal static class TrainingMemory
{
    private const int BytesPerParameter = 24;

    /// <summary>Bytes per value of a layer output, over the whole step; measured peaks are below this (docs/continue.md).</summary>
    internal const int BytesPerActivation = 10;

    /// <summary>What every process needs besides the step: the runtime, the loader's prefetched batches.</summary>
    private const long Baseline = 128L * 1024 * 1024;

    /// <summary>
    /// The estimate for <paramref name="opt"/>, or null when it cannot be made before the images are read (<c>--preprocess
    /// none</c> keeps each image's own size) or for a network the shape walk does not know (the noise models' small nets).
    /// </summary>
    public static TrainingMemoryEstimate? Estimate(TrainOptions opt)
    {
        ArgumentNullException.ThrowIfNull(opt);
        if (ModelRegistry.Find(opt.Model) is not { } model || opt.Preprocess == "none")
            return null;
        int side = opt.Preprocess == "scale_width" ? opt.LoadSize : opt.CropSize;
        try
        {
            double parameters = 0, activations = 0;
            foreach (var slot in model.Networks)
            {
                bool generator = slot.Kind == NetworkKind.Generator;
                int width = generator ? opt.Ngf : opt.Ndf;
                // Channel counts are multiples of ngf/ndf (or fixed), so activations are linear and parameters quadratic
                // in the width: three tiny networks give both exactly, without allocating the real one.
                var at = new (double Params, double Values)[3];
                for (int w = 1; w <= 3; w++)
                {
                    Module net = generator
                        ? NetworkFactory.DefineG(slot.InputChannels(opt), slot.OutputChannels(opt), w, opt.NetG, opt.Norm, !opt.NoDropout, opt.InitType, opt.InitGain, null, null)
                        : NetworkFactory.DefineD(slot.InputChannels(opt), w, opt.NetD, opt.NLayersD, opt.Norm, opt.InitType, opt.InitGain, null);
                    var profile = ShapeWalk.Profile(net, [opt.BatchSize, slot.InputChannels(opt), side, side]);
                    at[w - 1] = (profile.ParameterCount, profile.Layers.Sum(l => (double)l.OutputShape.Aggregate(1L, (a, d) => a * d)));
                }
                parameters += Quadratic(at[0].Params, at[1].Params, at[2].Params, width);
                activations += Quadratic(at[0].Values, at[1].Values, at[2].Values, width);
            }
            double bytes = Baseline + parameters * BytesPerParameter + activations * BytesPerActivation;
            return new TrainingMemoryEstimate((long)parameters, (long)activations, bytes >= long.MaxValue ? long.MaxValue : (long)bytes);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;   // a network the walk does not know, or sizes the options' own checks report
        }
    }

    /// <summary>Throws an <see cref="OptionsException"/> naming the flags when the estimate exceeds <paramref name="availableBytes"/>.</summary>
    public static void Check(TrainOptions opt, long availableBytes, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(opt);
        if (Estimate(opt) is not { } estimate)
            return;
        if (estimate.Bytes <= availableBytes)
        {
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: a training step needs {estimate.Describe()} of {TrainingMemoryEstimate.Gigabytes(availableBytes):F1} GB available"));
            return;
        }
        string size = opt.Preprocess == "scale_width" ? $"--load_size {opt.LoadSize}" : $"--crop_size {opt.CropSize}";
        throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
            $"{size} with --batch_size {opt.BatchSize}, --netG {opt.NetG} --ngf {opt.Ngf} and --netD {opt.NetD} --ndf {opt.Ndf} (--model {opt.Model}) needs {estimate.Describe()} to train, "
            + $"but only {TrainingMemoryEstimate.Gigabytes(availableBytes):F1} GB is available; use a smaller {size.Split(' ')[0]}, --batch_size or --ngf/--ndf."));
    }

    /// <summary>The memory this process may use: physical memory or the container's limit, as the GC sees it.</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The quadratic through (1, f1), (2, f2), (3, f3), at <paramref name="x"/>.</summary>
    private static double Quadratic(double f1, double f2, double f3, double x) =>
        f1 * (x - 2) * (x - 3) / 2 - f2 * (x - 1) * (x - 3) + f3 * (x - 1) * (x - 2) / 2;
}

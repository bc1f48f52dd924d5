using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// What <see cref="BenchRunner"/> measures: the model and networks in <see cref="Options"/> (crop_size, batch_size,
/// num_threads and seed included), <see cref="Iterations"/> timed steps after <see cref="Warmup"/> untimed ones, in
/// <see cref="Phase"/> "train" (complete training steps), "inference" (generator forwards in eval mode, no gradients) or
/// "layers" (each convolution's kernels on their own, <see cref="LayerBench"/>) or "peak" (the machine's FP32 multiply-add
/// peak, <see cref="PeakFlops"/>). With <see cref="Profile"/>, the timed steps
/// also record where their time goes (<see cref="Engine.OpProfiler"/>).
/// </summary>
/// With <see cref="Scaling"/>, they record their split loops (<see cref="Engine.ParallelTrace"/>) to predict the time on more cores.
internal sealed record BenchSettings(TrainOptions Options, string Phase, int Iterations, int Warmup, bool Profile = false, bool Scaling = false)
{
    public static readonly string[] Phases = ["train", "inference", "layers", "peak"];

    /// <summary>Throws with a message naming the flag to change when a setting cannot be benchmarked.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Options);
        if (!Phases.Contains(Phase, StringComparer.Ordinal))
            throw new ArgumentException($"--phase {Phase} is not known; use train, inference, layers or peak.");
        if (Scaling && Phase is not ("train" or "inference"))
            throw new ArgumentException($"--scaling predicts training or inference steps; --phase {Phase} does not take it.");
        if (Scaling && Options.NumThreads < 2)
            throw new ArgumentException($"--scaling needs --num_threads 2 or more: with {Options.NumThreads} thread no loop is split, so nothing shows which work would spread over more cores.");
        if (Phase == "peak")
        {
            if (Options.NumThreads < 1)
                throw new ArgumentException("--num_threads must be positive.");
            return;
        }
        if (Iterations < 1)
            throw new ArgumentException($"--iters {Iterations} must be 1 or more (the number of timed steps).");
        if (Warmup < 0)
            throw new ArgumentException($"--warmup {Warmup} must be 0 or more (untimed steps before the timed ones).");
        var model = ModelRegistry.Find(Options.Model);
        if (model is { BenchesNoiseSteps: true })
        {
            if (Phase != "train")
                throw new ArgumentException($"--phase {Phase} is for {List(ModelRegistry.All.Where(m => m.BenchesInference))}; a {model.Name} benchmark times training steps (--phase train).");
            if (Options.BatchSize < 1 || Options.NumThreads < 1)
                throw new ArgumentException("--batch_size and --num_threads must be positive.");
            return;
        }
        if (model?.TrainingFlops is null)
            throw new ArgumentException($"--model {Options.Model} cannot be benchmarked; bench times {List(ModelRegistry.All.Where(m => m.TrainingFlops is not null || m.BenchesNoiseSteps))} steps.");
        if (!model.BenchesInference && Phase == "inference")
            throw new ArgumentException($"--phase {Phase} is for {List(ModelRegistry.All.Where(m => m.BenchesInference))}; a {model.Name} benchmark times training steps (--phase train).");
        if (Options.BatchSize < 1 || Options.CropSize < 1 || Options.Ngf < 1 || Options.Ndf < 1 || Options.NumThreads < 1)
            throw new ArgumentException("--batch_size, --crop_size, --ngf, --ndf and --num_threads must be positive.");
        Networks.NetworkRegistry.Generator(Options.NetG).SizeRule.CheckCropSize(Options.CropSize, "--netG " + Options.NetG);
    }

    /// <summary>"a, b and c".</summary>
    private static string List(IEnumerable<ModelDescriptor> models)
    {
        var names = models.Select(m => m.Name).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }
}

using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// Times the steps of a model whose descriptor says how to count them (pix2pix, colorization, CycleGAN) on synthetic inputs: builds the model as training would (seeded init, dropout as the reference),
/// draws one seeded input pair uniform in [−1, 1], runs the warm-up steps, then times each step with a stopwatch.
/// "train" steps are <c>SetInput</c> + <c>OptimizeParameters</c> (forward, D update, G update); "inference" steps are
/// generator forwards in eval mode under <see cref="Autograd.NoGrad"/>.
/// </summary>
internal static class BenchRunner
{
    public static BenchResult Run(BenchSettings settings, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        settings.Validate();
        var opt = settings.Options;
        bool train = settings.Phase == "train";
        using var degree = Parallelism.WithDegree(opt.NumThreads);
        try
        {
            ulong seed = (ulong)opt.Seed;
            int n = opt.BatchSize, size = opt.CropSize;
            var descriptor = ModelRegistry.Get(opt.Model);
            if (descriptor.BenchesNoiseSteps)
                return RunNoiseModel(settings, descriptor, progress);
            var model = descriptor.Build(train ? opt : ArchitectureOnly(opt), seed);
            long ForwardFlops(NetworkSlot slot) =>
                ShapeWalk.Profile(model.Network(slot.Name), [n, slot.InputChannels(opt), size, size]).ForwardFlops;
            long generatorFlops = ForwardFlops(descriptor.Generators.First());
            long flops = train
                ? descriptor.TrainingFlops!(opt, generatorFlops, ForwardFlops(descriptor.Discriminators.First()))
                : StepFlops.Inference(generatorFlops);
            var rng = new Rng(seed ^ 0xB3C4_D5E6_F708_1928UL);
            var a = Tensor.Uniform(rng, -1f, 1f, n, opt.InputNc, size, size);
            var b = Tensor.Uniform(rng, -1f, 1f, n, opt.OutputNc, size, size);
            if (!train)
            {
                // As translate --eval runs it: batch norms folded into the convolutions.
                model.SetTrainingMode(false);
                foreach (var (_, net) in model.Networks)
                    InferenceFolding.FoldBatchNorm(net);
            }
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: {opt.Model} {opt.NetG} {settings.Phase}, batch {n} at {size}x{size}, {opt.NumThreads} thread(s); {flops / 1e9:F2} GFLOP per step; {settings.Warmup} warm-up + {settings.Iterations} timed step(s)"));
            return TimeSteps(settings, model, a, b, train, flops, progress);
        }
        finally
        {
            OpProfiler.Enabled = false;
        }
    }

    /// <summary>
    /// A noise model (gan, cgan, dcgan, wgangp): a seeded batch of "real" images uniform in [−1, 1] at the model's image
    /// side (labels i mod classes for cgan); a step is its whole <c>OptimizeParameters</c> (for wgangp, --n_critic critic
    /// updates with the gradient penalty, then G). FLOPs are not counted (reported as 0).
    /// </summary>
    private static BenchResult RunNoiseModel(BenchSettings settings, ModelDescriptor descriptor, TextWriter progress)
    {
        var opt = settings.Options;
        var model = (LatentGanModel)descriptor.Build(opt, (ulong)opt.Seed);
        int n = opt.BatchSize, side = opt.CropSize;
        var rng = new Rng((ulong)opt.Seed ^ 0xB3C4_D5E6_F708_1928UL);
        var a = Tensor.Uniform(rng, -1f, 1f, n, opt.InputNc, side, side);
        var b = model.Conditional ? new Tensor([.. Enumerable.Range(0, n).Select(i => (float)(i % model.NumClasses))], n, 1) : null;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: {opt.Model} {opt.NetG}/{opt.NetD} train, batch {n} at {side}x{side}, {opt.NumThreads} thread(s); {settings.Warmup} warm-up + {settings.Iterations} timed step(s)"));
        return TimeSteps(settings, model, a, b, train: true, flops: 0, progress);
    }

    private static BenchResult TimeSteps(BenchSettings settings, GanModel model, Tensor a, Tensor? b, bool train, long flops, TextWriter progress)
    {
        var opt = settings.Options;
        try
        {
            for (int i = 0; i < settings.Warmup; i++)
            {
                double ms = TimeStep(model, a, b, train);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {i + 1}/{settings.Warmup}: {ms:F1} ms"));
            }
            var times = new List<double>(settings.Iterations);
            if (settings.Profile)
            {
                OpProfiler.Reset();
                OpProfiler.Enabled = true;
            }
            if (settings.Scaling)
            {
                ParallelTrace.Reset();
                ParallelTrace.Enabled = true;
            }
            long heapBefore = GC.GetTotalAllocatedBytes(precise: true);
            int gen2Before = GC.CollectionCount(2);
            for (int i = 0; i < settings.Iterations; i++)
            {
                double ms = TimeStep(model, a, b, train);
                times.Add(ms);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {i + 1}/{settings.Iterations}: {ms:F1} ms"));
            }
            double heapPerStep = (GC.GetTotalAllocatedBytes(precise: true) - heapBefore) / 1e6 / settings.Iterations;
            OpProfiler.Enabled = false;
            ParallelTrace.Enabled = false;
            var loops = settings.Scaling
                ? ParallelTrace.Snapshot().Select(e => (e.Items, e.Milliseconds / settings.Iterations, e.Loops / settings.Iterations)).ToList()
                : [];
            var profile = settings.Profile
                ? OpProfiler.Snapshot().Select(e => (e.Name, e.Milliseconds / settings.Iterations, (double)e.Calls / settings.Iterations)).ToList()
                : [];
            int gen2 = GC.CollectionCount(2) - gen2Before;
            return new BenchResult(times, flops, PeakMemory.PeakRssMegabytes(), opt.Model, opt.NetG, opt.CropSize, opt.BatchSize, settings.Phase, opt.NumThreads)
            {
                HeapMegabytesPerStep = heapPerStep,
                Gen2Collections = gen2,
                Profile = profile,
                ParallelLoops = loops,
            };
        }
        finally
        {
            OpProfiler.Enabled = false;
            ParallelTrace.Enabled = false;
        }
    }

    private static double TimeStep(GanModel model, Tensor a, Tensor? b, bool train)
    {
        long start = Stopwatch.GetTimestamp();
        using var memory = model.StepArena.Enter();
        if (train)
        {
            model.SetInput(a, b);
            model.OptimizeParameters();
        }
        else
        {
            using var noGrad = Autograd.NoGrad();
            model.SetInput(a, null);
            model.Forward();
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>The same flags as a test-time options object, so the model is built without D and optimizers.</summary>
    private static BaseOptions ArchitectureOnly(TrainOptions opt)
    {
        var copy = new BaseOptions();
        opt.CopyBaseFlagsTo(copy);
        return copy;
    }
}

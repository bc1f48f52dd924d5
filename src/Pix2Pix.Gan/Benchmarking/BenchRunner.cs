using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
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
                model.SetTrainingMode(false);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: {opt.Model} {opt.NetG} {settings.Phase}, batch {n} at {size}x{size}, {opt.NumThreads} thread(s); {flops / 1e9:F2} GFLOP per step; {settings.Warmup} warm-up + {settings.Iterations} timed step(s)"));
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
            var profile = settings.Profile
                ? OpProfiler.Snapshot().Select(e => (e.Name, e.Milliseconds / settings.Iterations, (double)e.Calls / settings.Iterations)).ToList()
                : [];
            int gen2 = GC.CollectionCount(2) - gen2Before;
            return new BenchResult(times, flops, PeakMemory.PeakRssMegabytes(), opt.Model, opt.NetG, size, n, settings.Phase, opt.NumThreads)
            {
                HeapMegabytesPerStep = heapPerStep,
                Gen2Collections = gen2,
                Profile = profile,
            };
        }
        finally
        {
            OpProfiler.Enabled = false;
        }
    }

    private static double TimeStep(GanModel model, Tensor a, Tensor b, bool train)
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

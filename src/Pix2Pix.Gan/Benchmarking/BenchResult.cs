using System.Text;
using System.Text.Json;

namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// The outcome of a benchmark: per-step times in milliseconds, the GFLOP/s they give with <see cref="StepFlops"/>
/// (FLOPs per step / median time), and the process's peak resident memory.
/// </summary>
internal sealed record BenchResult(
    IReadOnlyList<double> StepMilliseconds,
    long FlopsPerStep,
    double PeakRssMegabytes,
    string Model,
    string NetG,
    int CropSize,
    int BatchSize,
    string Phase,
    int Threads)
{
    public int Iterations => StepMilliseconds.Count;

    /// <summary>Managed-heap megabytes allocated per timed step (all threads); near zero when buffers are recycled.</summary>
    public double HeapMegabytesPerStep { get; init; }

    /// <summary>Full (generation-2) garbage collections during the timed steps.</summary>
    public int Gen2Collections { get; init; }

    /// <summary>With --profile: milliseconds and calls per timed step by op (<see cref="Engine.OpProfiler"/>), largest first.</summary>
    public IReadOnlyList<(string Name, double Milliseconds, double Calls)> Profile { get; init; } = [];

    /// <summary>With --scaling: the split loops of a timed step by item count — milliseconds and loops per step (<see cref="Engine.ParallelTrace"/>).</summary>
    public IReadOnlyList<(int Items, double Milliseconds, long Loops)> ParallelLoops { get; init; } = [];

    /// <summary>The step time <see cref="Engine.ParallelTrace.Estimate"/> predicts on <paramref name="threads"/> cores (the median step, scaled from the mean step's loops).</summary>
    public double EstimateMilliseconds(int threads)
    {
        double mean = StepMilliseconds.Average();
        return Engine.ParallelTrace.Estimate(mean, ParallelLoops, Threads, threads) * MedianMilliseconds / mean;
    }

    public double MinMilliseconds => StepMilliseconds.Min();

    public double MaxMilliseconds => StepMilliseconds.Max();

    /// <summary>The middle step time (the mean of the two middle ones for an even count).</summary>
    public double MedianMilliseconds
    {
        get
        {
            var sorted = StepMilliseconds.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>The FP32 peak of <see cref="Threads"/> threads measured in the same process (<see cref="PeakFlops"/>); 0 when not measured.</summary>
    public double PeakGflops { get; init; }

    /// <summary><see cref="Gflops"/> as a percentage of <see cref="PeakGflops"/> (0 when either is unknown).</summary>
    public double PercentOfPeak => PeakGflops > 0 && FlopsPerStep > 0 ? 100 * Gflops / PeakGflops : 0;

    /// <summary>Convolution GFLOPs per step divided by the median step time in seconds.</summary>
    public double Gflops => FlopsPerStep / 1e9 / (MedianMilliseconds / 1000.0);

    /// <summary>
    /// {"median_ms","min_ms","max_ms","gflops","peak_gflops","percent_of_peak","peak_rss_mb","heap_mb_per_step","gen2_gcs","iters","model","netG","crop_size","batch_size","phase","threads"}.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("median_ms", Math.Round(MedianMilliseconds, 3));
            json.WriteNumber("min_ms", Math.Round(MinMilliseconds, 3));
            json.WriteNumber("max_ms", Math.Round(MaxMilliseconds, 3));
            json.WriteNumber("gflops", Math.Round(Gflops, 3));
            json.WriteNumber("peak_gflops", Math.Round(PeakGflops, 3));
            json.WriteNumber("percent_of_peak", Math.Round(PercentOfPeak, 2));
            json.WriteNumber("peak_rss_mb", Math.Round(PeakRssMegabytes, 1));
            json.WriteNumber("heap_mb_per_step", Math.Round(HeapMegabytesPerStep, 3));
            json.WriteNumber("gen2_gcs", Gen2Collections);
            json.WriteNumber("iters", Iterations);
            json.WriteString("model", Model);
            json.WriteString("netG", NetG);
            json.WriteNumber("crop_size", CropSize);
            json.WriteNumber("batch_size", BatchSize);
            json.WriteString("phase", Phase);
            json.WriteNumber("threads", Threads);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

using System.Text.Json;
using Pix2Pix.Gan.Benchmarking;

namespace Pix2Pix.Gan.Tests.Benchmarking;

public class BenchResultTests
{
    private static BenchResult Result(params double[] ms) =>
        new(ms, 3_000_000_000L, 123.45, "pix2pix", "unet_256", 256, 1, "train", 2);

    [Fact]
    public void The_median_is_the_middle_time_or_the_mean_of_the_two_middle_times()
    {
        Assert.Equal(30, Result(50, 10, 30).MedianMilliseconds);
        Assert.Equal(25, Result(40, 10, 20, 30).MedianMilliseconds);
        Assert.Equal(10, Result(40, 10, 20, 30).MinMilliseconds);
        Assert.Equal(40, Result(40, 10, 20, 30).MaxMilliseconds);
    }

    [Fact]
    public void Gflops_are_the_step_flops_over_the_median_time()
    {
        // 3 GFLOP in a median of 1.5 s.
        Assert.Equal(2.0, Result(1000, 1500, 2000).Gflops, 12);
    }

    [Fact]
    public void The_json_has_every_documented_field_with_its_value()
    {
        using var doc = JsonDocument.Parse(Result(1000, 1500, 2000).ToJson());
        var root = doc.RootElement;
        Assert.Equal(
            ["median_ms", "min_ms", "max_ms", "gflops", "peak_gflops", "percent_of_peak", "peak_rss_mb", "heap_mb_per_step", "gen2_gcs", "iters", "model", "netG", "crop_size", "batch_size", "phase", "threads"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1500, root.GetProperty("median_ms").GetDouble());
        Assert.Equal(2.0, root.GetProperty("gflops").GetDouble());
        Assert.Equal(3, root.GetProperty("iters").GetInt32());
        Assert.Equal("unet_256", root.GetProperty("netG").GetString());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(0, root.GetProperty("peak_gflops").GetDouble());
        Assert.Equal(0, root.GetProperty("percent_of_peak").GetDouble());
    }

    [Fact]
    public void Percent_of_peak_divides_the_step_rate_by_the_measured_peak()
    {
        // 2 GFLOP/s against a peak of 8: 25 %; no peak or no FLOPs counted: 0.
        Assert.Equal(25.0, (Result(1000, 1500, 2000) with { PeakGflops = 8 }).PercentOfPeak, 12);
        Assert.Equal(0, Result(1000, 1500, 2000).PercentOfPeak);
        Assert.Equal(0, (new BenchResult([10.0], 0, 1, "dcgan", "dcgan_mnist", 28, 64, "train", 1) with { PeakGflops = 8 }).PercentOfPeak);
    }

    [Fact]
    public void Training_step_flops_are_three_generator_and_eight_discriminator_forwards()
    {
        Assert.Equal(3 * 100L + 8 * 7L, StepFlops.Training(100, 7));
        Assert.Equal(100L, StepFlops.Inference(100));
    }

    [Fact]
    public void Cyclegan_step_flops_count_six_generator_passes_with_identity_four_without_and_sixteen_discriminator_forwards()
    {
        Assert.Equal(18 * 100L + 16 * 7L, StepFlops.CycleGanTraining(100, 7, identityLoss: true));
        Assert.Equal(12 * 100L + 16 * 7L, StepFlops.CycleGanTraining(100, 7, identityLoss: false));
    }

    [Fact]
    public void Peak_memory_is_at_least_the_memory_in_use_now()
    {
        var held = new byte[64 << 20];
        Array.Fill(held, (byte)1);
        double peak = PeakMemory.PeakRssMegabytes();
        Assert.True(peak >= 64, $"peak {peak} MB after touching a 64 MB array");
        GC.KeepAlive(held);
        if (OperatingSystem.IsLinux())
            Assert.NotNull(PeakMemory.ReadVmHwmBytes());
    }
}

using System.Text.Json;

namespace Pix2Pix.Cli.Tests;

/// <summary><c>pix2pix bench</c> on tiny networks: it runs, reports and writes its JSON.</summary>
[Collection("Cli training")]
public class BenchCommandTests
{
    [Fact]
    public void Bench_of_a_small_unet_writes_valid_json_with_positive_numbers()
    {
        using var tmp = new DatasetsTempFolder();
        string json = tmp["out/bench.json"];
        var (exit, output, error) = DatasetsCli.Run("bench", "--netG", "unet_128", "--crop_size", "128", "--ngf", "8", "--ndf", "8",
            "--iters", "2", "--warmup", "1", "--num_threads", "1", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("median", output, StringComparison.Ordinal);
        Assert.Contains("step 2/2", error, StringComparison.Ordinal);
        Assert.Contains("warm-up 1/1", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        foreach (string key in new[] { "median_ms", "min_ms", "max_ms", "gflops", "peak_rss_mb" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, $"{key} = {root.GetProperty(key)}");
        Assert.True(root.GetProperty("min_ms").GetDouble() <= root.GetProperty("median_ms").GetDouble());
        Assert.True(root.GetProperty("median_ms").GetDouble() <= root.GetProperty("max_ms").GetDouble());
        Assert.Equal(2, root.GetProperty("iters").GetInt32());
        Assert.Equal("pix2pix", root.GetProperty("model").GetString());
        Assert.Equal("unet_128", root.GetProperty("netG").GetString());
        Assert.Equal(128, root.GetProperty("crop_size").GetInt32());
        Assert.Equal(1, root.GetProperty("batch_size").GetInt32());
        Assert.Equal("train", root.GetProperty("phase").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void Bench_inference_times_generator_forwards()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "inference", "--netG", "unet_128", "--crop_size", "128",
            "--ngf", "4", "--iters", "3", "--warmup", "0", "--num_threads", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("unet_128 inference", output, StringComparison.Ordinal);
        Assert.Contains("step 3/3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_times_cyclegan_training_steps_and_refuses_other_phases_for_them()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--model", "cycle_gan", "--netG", "resnet_6blocks", "--crop_size", "32",
            "--ngf", "4", "--ndf", "4", "--iters", "2", "--warmup", "0", "--num_threads", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("cycle_gan resnet_6blocks train, batch 1 at 32x32", output, StringComparison.Ordinal);
        Assert.Contains("step 2/2", error, StringComparison.Ordinal);
        var (refused, _, message) = DatasetsCli.Run("bench", "--model", "cycle_gan", "--phase", "inference");
        Assert.Equal(1, refused);
        Assert.Contains("a cycle_gan benchmark times training steps", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gan", "gan gan_mnist train, batch 8 at 28x28")]
    [InlineData("cgan", "cgan cgan_mnist train, batch 8 at 28x28")]
    [InlineData("wgangp", "wgangp dcgan_mnist train, batch 8 at 28x28")]
    public void Bench_times_the_noise_models_training_steps_in_steps_per_second(string model, string title)
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--model", model, "--batch_size", "8", "--iters", "2", "--warmup", "1", "--num_threads", "1");
        Assert.True(exit == 0, error);
        Assert.Contains(title, output, StringComparison.Ordinal);
        Assert.Contains("steps per second (FLOPs not counted for the noise models)", output, StringComparison.Ordinal);
        Assert.Contains("step 2/2", error, StringComparison.Ordinal);
        var (refused, _, message) = DatasetsCli.Run("bench", "--model", model, "--phase", "inference");
        Assert.Equal(1, refused);
        Assert.Contains($"a {model} benchmark times training steps", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_profile_reports_where_the_step_time_goes()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--netG", "unet_128", "--crop_size", "128", "--ngf", "4", "--ndf", "4",
            "--iters", "2", "--warmup", "1", "--num_threads", "1", "--profile");
        Assert.True(exit == 0, error);
        Assert.Contains("where a step's", output, StringComparison.Ordinal);
        // unet_128 has 7 down convolutions, the basic D 5 per pass and 3 passes per step: 22 conv forwards per step.
        Assert.Matches(@"\s22 calls\s+forward Conv2d\r?\n", output);
        Assert.Matches(@"\s7 calls\s+forward ConvTranspose2d", output);
        Assert.Matches(@"\s2 calls\s+optimizer Adam.Step", output);
        Assert.Contains("backward Conv2dNode", output, StringComparison.Ordinal);
        Assert.Contains("other", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_layers_prints_a_table_of_every_convolution_with_a_step_total()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "layers", "--netG", "unet_128", "--crop_size", "128",
            "--ngf", "4", "--ndf", "4", "--iters", "1", "--num_threads", "1");
        Assert.True(exit == 0, error);
        var rows = output.Split('\n').Where(l => l.StartsWith("| G |", StringComparison.Ordinal) || l.StartsWith("| D |", StringComparison.Ordinal)).ToList();
        Assert.Equal(14 + 5, rows.Count);
        Assert.Contains("| net | layer | shape | GFLOP | forward ms |", output, StringComparison.Ordinal);
        Assert.Contains("| all |", output, StringComparison.Ordinal);
        Assert.Contains("G model.model.0: 3→4 128²→64² k4 s2 p1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--iters", "0", "--iters 0 must be 1 or more")]
    [InlineData("--warmup", "-1", "--warmup -1 must be 0 or more")]
    [InlineData("--model", "test", "--model test cannot be benchmarked")]
    [InlineData("--crop_size", "100", "--crop_size 100 is not a multiple of 256")]
    public void Bench_refuses_settings_it_cannot_run_and_names_the_flag(string flag, string value, string message)
    {
        var (exit, _, error) = DatasetsCli.Run("bench", flag, value);
        Assert.Equal(1, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_with_an_unknown_phase_is_a_command_line_error()
    {
        var (exit, _, error) = DatasetsCli.Run("bench", "--phase", "training");
        Assert.Equal(2, exit);
        Assert.Contains("inference", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_peak_measures_one_thread_and_all_threads_and_writes_json()
    {
        using var tmp = new DatasetsTempFolder();
        string json = tmp["peak.json"];
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "peak", "--num_threads", "2", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Matches(@"FP32 peak \(Vector(512|256) fused multiply-adds|FP32 peak \(Portable", output);
        Assert.Contains("on 2 thread(s) together", output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("gflops_per_core").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("gflops_all_threads").GetDouble() > 0);
        Assert.Equal(2, doc.RootElement.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void Bench_reports_the_share_of_the_peak_measured_in_the_same_run()
    {
        using var tmp = new DatasetsTempFolder();
        string json = tmp["b.json"];
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "inference", "--netG", "unet_128", "--crop_size", "128",
            "--ngf", "4", "--iters", "1", "--warmup", "0", "--num_threads", "1", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Matches(@"% of the \d+ GFLOP/s FP32 peak measured on 1 thread\(s\)", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        double percent = root.GetProperty("percent_of_peak").GetDouble(), peak = root.GetProperty("peak_gflops").GetDouble();
        Assert.True(peak > 0, $"peak {peak}");
        // The JSON rounds its figures to two decimals, so the recomputed share may differ by a few hundredths
        // (comparing both rounded to one decimal failed at a boundary: 6.2534 against 6.25).
        double expected = 100 * root.GetProperty("gflops").GetDouble() / peak;
        Assert.True(Math.Abs(expected - percent) <= 0.05, $"percent_of_peak {percent}, gflops / peak gives {expected}");
    }

    [Fact]
    public void Bench_thread_sweep_runs_each_count_and_prints_speedups()
    {
        using var tmp = new DatasetsTempFolder();
        string json = tmp["sweep.json"];
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "inference", "--netG", "unet_128", "--crop_size", "128",
            "--ngf", "4", "--iters", "1", "--warmup", "0", "--thread_sweep", "1,2", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("| threads | median ms | speedup | efficiency | GFLOP/s | % of peak |", output, StringComparison.Ordinal);
        Assert.Matches(@"\| 1 \| [0-9.]+ \| 1\.00 \| 100 % \|", output);
        Assert.Matches(@"\| 2 \| [0-9.]+ \| [0-9.]+ \| \d+ % \|", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal([1, 2], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("threads").GetInt32()));
    }

    [Theory]
    [InlineData("1,x", "'x' is not a thread count")]
    [InlineData("0", "'0' is not a thread count")]
    [InlineData("", "'' is not a thread count")]
    [InlineData("2,2", "names 2 twice")]
    public void Bench_thread_sweep_refuses_bad_lists_naming_the_flag(string list, string message)
    {
        var (exit, _, error) = DatasetsCli.Run("bench", "--phase", "inference", "--thread_sweep", list);
        Assert.Equal(1, exit);
        Assert.Contains("--thread_sweep", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_thread_sweep_refuses_num_threads_and_the_layers_phase()
    {
        var (exit, _, error) = DatasetsCli.Run("bench", "--thread_sweep", "1,2", "--num_threads", "2");
        Assert.Equal(1, exit);
        Assert.Contains("give one of them", error, StringComparison.Ordinal);
        (exit, _, error) = DatasetsCli.Run("bench", "--thread_sweep", "1,2", "--phase", "layers");
        Assert.Equal(1, exit);
        Assert.Contains("--phase layers does not take it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweep_table_computes_speedup_and_efficiency_against_the_first_row()
    {
        static Pix2Pix.Gan.Benchmarking.BenchResult R(int threads, double ms) =>
            new([ms], 2_000_000_000L, 1, "pix2pix", "unet_256", 256, 1, "train", threads) { PeakGflops = 100 * threads };
        string table = Pix2Pix.Cli.Commands.BenchCommand.SweepTable([R(1, 100), R(2, 60), R(4, 50)]);
        Assert.Contains("| 1 | 100.0 | 1.00 | 100 % | 20.0 | 20.0 |", table, StringComparison.Ordinal);
        Assert.Contains("| 2 | 60.0 | 1.67 | 83 % | 33.3 | 16.7 |", table, StringComparison.Ordinal);
        Assert.Contains("| 4 | 50.0 | 2.00 | 50 % | 40.0 | 10.0 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_scaling_reports_split_loops_and_predicts_more_cores()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--phase", "inference", "--netG", "unet_128", "--crop_size", "128",
            "--ngf", "16", "--iters", "2", "--warmup", "1", "--num_threads", "2", "--scaling");
        Assert.True(exit == 0, error);
        Assert.Matches(@"split loops: \d+ per step", output);
        Assert.Contains("items:", output, StringComparison.Ordinal);
        Assert.Matches(@"\| 1 \| [0-9.]+ \| 1\.00 \|", output);
        Assert.Matches(@"\| 64 \| [0-9.]+ \| [0-9.]+ \|", output);
        var (refused, _, message) = DatasetsCli.Run("bench", "--phase", "inference", "--num_threads", "1", "--scaling");
        Assert.Equal(1, refused);
        Assert.Contains("--scaling needs --num_threads 2 or more", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_layers_times_cyclegan_convolutions_with_its_step_counts()
    {
        var (exit, output, error) = DatasetsCli.Run("bench", "--model", "cycle_gan", "--netG", "resnet_6blocks", "--phase", "layers",
            "--crop_size", "32", "--ngf", "4", "--ndf", "4", "--iters", "1", "--num_threads", "1");
        Assert.True(exit == 0, error);
        var rows = output.Split('\n').Where(l => l.StartsWith("| G |", StringComparison.Ordinal) || l.StartsWith("| D |", StringComparison.Ordinal)).ToList();
        // resnet_6blocks: 7x7 in, two stride-2 downs, 12 block convolutions, two transposed ups, 7x7 out; the basic D: 5.
        Assert.Equal(1 + 2 + 12 + 2 + 1 + 5, rows.Count);
        Assert.Contains("conv 3→4 38²→32² k7 s1 p0", output, StringComparison.Ordinal);
        Assert.Contains("conv 16→16 10²→8² k3 s1 p0", output, StringComparison.Ordinal);
        var (refused, _, message) = DatasetsCli.Run("bench", "--model", "dcgan", "--phase", "layers");
        Assert.Equal(1, refused);
        Assert.Contains("--phase layers", message, StringComparison.Ordinal);
    }
}

using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Benchmarking;

public class LayerBenchTests
{
    private static TrainOptions Small() => new()
    {
        Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128, NumThreads = 1,
    };

    [Fact]
    public void Every_convolution_of_g_and_d_is_timed_with_the_calls_of_a_training_step()
    {
        var opt = Small();
        var timings = LayerBench.Run(new BenchSettings(opt, "layers", 1, 0), 1, TextWriter.Null);
        var model = new Pix2Pix.Gan.Models.Pix2PixModel(opt, 0);
        var g = ShapeWalk.Profile(model.NetG, [1, 3, 128, 128]).Layers.Where(l => l.Flops > 0).ToList();
        var d = ShapeWalk.Profile(model.NetD!, [1, 6, 128, 128]).Layers.Where(l => l.Flops > 0).ToList();
        Assert.Equal(g.Select(l => "G " + l.Name).Concat(d.Select(l => "D " + l.Name)), timings.Select(t => t.Network + " " + t.Name));
        Assert.Equal(g.Concat(d).Select(l => l.Flops), timings.Select(t => t.Flops));
        Assert.All(timings, t => Assert.True(t.ForwardMs > 0 && t.DataMs > 0 && t.WeightMs > 0));
        // G: one forward and one of each gradient, none for the data gradient of its first layer (the input needs none).
        Assert.Equal((1, 0, 1), (timings[0].ForwardCalls, timings[0].DataCalls, timings[0].WeightCalls));
        Assert.Equal((1, 1, 1), (timings[1].ForwardCalls, timings[1].DataCalls, timings[1].WeightCalls));
        // D: three forwards, three data gradients (one at its first layer), two weight gradients.
        var dFirst = timings.First(t => t.Network == "D");
        Assert.Equal((3, 1, 2), (dFirst.ForwardCalls, dFirst.DataCalls, dFirst.WeightCalls));
        Assert.Equal((3, 3, 2), (timings[^1].ForwardCalls, timings[^1].DataCalls, timings[^1].WeightCalls));
        Assert.Equal(("conv", "3→4 128²→64² k4 s2 p1"), (timings[0].Type, timings[0].Shape));
        Assert.Equal("32→1 15²→14² k4 s1 p1", timings[^1].Shape);
    }

    [Fact]
    public void The_markdown_table_has_a_row_per_layer_and_a_total_of_the_step()
    {
        var rows = new List<LayerTiming>
        {
            new("G", "model.model.0", "conv", "3→64 256²→128² k4 s2 p1", 2_000_000_000, 10, 20, 40, 1, 0, 1),
            new("D", "model.0", "conv", "6→64 256²→128² k4 s2 p1", 1_000_000_000, 10, 10, 10, 3, 1, 2),
        };
        Assert.Equal(50, rows[0].StepMs);
        Assert.Equal(60, rows[1].StepMs);
        Assert.Equal(200, rows[0].Gflops(10));
        string table = LayerBench.ToMarkdown(rows, peakGflops: 260);
        var lines = table.TrimEnd().Split('\n');
        Assert.Equal(5, lines.Length);
        // 200 GFLOP/s of a 260 GFLOP/s peak: 77 %.
        Assert.Contains("| 10.00 | 200.0 | 77 |", lines[2]);
        // Step: 2×2 + 6×1 = 10 GFLOP in 110 ms.
        Assert.Contains("| all |", lines[4]);
        Assert.Contains("110.0 (90.9 GFLOP/s, 35 % of peak)", lines[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerBench.ToMarkdown(rows, peakGflops: 0));
    }
}

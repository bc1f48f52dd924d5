using System.Text.RegularExpressions;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The static training page: loss charts with axes, ticks and smoothing; the whole history across a continue.</summary>
[Collection("Training runs")]
public partial class TrainingPageTests
{
    [Fact]
    public void A_continued_run_keeps_the_earlier_epochs_and_losses_on_its_page()
    {
        using var run = new TinyRun();
        using (var t = new Trainer(run.Options("page", epochs: 1), TextWriter.Null))
            t.Train();
        var more = run.Options("page", epochs: 2);
        more.ContinueTrain = true;
        using (var t = new Trainer(more, TextWriter.Null))
            t.Train();
        string html = File.ReadAllText(Path.Combine(more.RunDirectory, "web", "index.html"));
        Assert.Contains("epoch [2]", html, StringComparison.Ordinal);
        Assert.Contains("epoch [1]", html, StringComparison.Ordinal);
        Assert.Contains("images/epoch001_fake_B.png", html, StringComparison.Ordinal);
        var chart = Regex.Match(html, "<svg class=\"loss\".*?G_GAN</text>.*?</svg>", RegexOptions.Singleline).Value;
        var raw = Regex.Match(chart, "stroke-opacity=\"0.25\" points=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(8, raw.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);   // 4 reports per epoch, both epochs
        Assert.Contains(">epoch</text>", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void History_comes_back_from_the_loss_log_and_a_repeated_step_replaces_what_followed_it()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"p2p-page-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "web", "images"));
            File.WriteAllBytes(Path.Combine(dir, "web", "images", "epoch002_fake_B.png"), []);
            string log = Path.Combine(dir, "loss_log.txt");
            File.WriteAllText(log, """
                ================ Training Loss (Thu Dec 3 09:00:00 2026) ================
                (epoch: 1, iters: 2, time: 0.010, data: 0.001) G: 1.500 D: 0.700 
                (epoch: 1, iters: 4, time: 0.010, data: 0.001) G: 1.250 D: 0.650 
                (epoch: 2, iters: 2, time: 0.010, data: 0.001) G: 9.000 D: 9.000 
                ================ Training Loss (Thu Dec 3 09:10:00 2026) ================
                (epoch: 2, iters: 2, time: 0.010, data: 0.001) G: 1.000 D: 0.600 

                """);
            var visuals = new TrainingVisuals(Path.Combine(dir, "web"), "x", 64);
            visuals.LoadHistory(log, datasetSize: 4);
            var g = visuals.Losses.Single(s => s.Name == "G").Points;
            Assert.Equal([(0.5, 1.5), (1.0, 1.25), (1.5, 1.0)], g);
            visuals.RecordLosses(2, 2, 4, [new("G", 0.75f), new("D", 0.5f)]);   // a resumed run repeats step (2, 2)
            Assert.Equal([(0.5, 1.5), (1.0, 1.25), (1.5, 0.75)], visuals.Losses.Single(s => s.Name == "G").Points);
            visuals.Save(3, [("fake_B", Pix2Pix.Engine.Tensor.Zeros(1, 3, 4, 4))], writeHtml: true);
            string html = File.ReadAllText(visuals.IndexPath);
            Assert.True(html.IndexOf("epoch [3]", StringComparison.Ordinal) < html.IndexOf("epoch [2]", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 })]
    [InlineData(0.013, 0.087, new[] { 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08 })]
    [InlineData(-3.0, 12.0, new[] { -2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0 })]
    [InlineData(0.0, 1e6, new[] { 0.0, 2e5, 4e5, 6e5, 8e5, 1e6 })]
    public void Ticks_are_round_numbers_covering_the_range(double lo, double hi, double[] expected)
    {
        var ticks = LossChart.Ticks(lo, hi);
        Assert.Equal(expected.Length, ticks.Length);
        for (int i = 0; i < ticks.Length; i++)
            Assert.Equal(expected[i], ticks[i], 1e-12);
    }

    [Fact]
    public void Smoothing_is_tensorboards_debiased_moving_average()
    {
        var s = LossChart.Smooth([0.0, 10.0, 10.0], 0.6);
        Assert.Equal(0, s[0], 1e-12);
        Assert.Equal(4 / (1 - 0.36), s[1], 1e-12);             // (0.6·0 + 0.4·10) / (1 − 0.6²)
        Assert.Equal((0.6 * 4 + 4) / (1 - 0.216), s[2], 1e-12);
        Assert.Equal([2.0, 2.0, 2.0], LossChart.Smooth([2.0, 2.0, 2.0], 0.9).Select(v => Math.Round(v, 12)));
        Assert.Equal([1.0, 5.0], LossChart.Smooth([1.0, 5.0], 0));
    }

    [Fact]
    public void A_chart_has_labelled_ticks_on_both_axes_and_a_raw_and_a_smoothed_curve()
    {
        string svg = LossChart.Svg("G_L1", [(0.0, 10.0), (0.5, 8.0), (1.0, 6.0), (1.5, 5.0), (2.0, 4.0)], "#1f77b4");
        Assert.StartsWith("<svg class=\"loss\"", svg, StringComparison.Ordinal);
        Assert.Contains(">G_L1</text>", svg, StringComparison.Ordinal);
        foreach (string label in new[] { ">4</text>", ">6</text>", ">8</text>", ">10</text>", ">0</text>", ">1</text>", ">2</text>" })
            Assert.Contains(label, svg, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(svg, "<polyline fill=\"none\" stroke=\"#1f77b4\""));
    }

    [Fact]
    public void The_test_page_puts_html_added_at_the_top_under_the_title()
    {
        var page = new HtmlPage("t");
        page.AddHeader("images");
        page.AddHtmlAtTop("<table class=\"metrics\"></table>");
        string html = page.Render();
        Assert.True(html.IndexOf("class=\"metrics\"", StringComparison.Ordinal) < html.IndexOf("<h3>images", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<h2>t</h2>", StringComparison.Ordinal) < html.IndexOf("class=\"metrics\"", StringComparison.Ordinal));
    }
}

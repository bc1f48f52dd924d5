using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Tests;

/// <summary>The training progress bar: its line at a given width, and its sharing of the terminal with loss lines.</summary>
public class TrainingProgressTests
{
    private static readonly KeyValuePair<string, float>[] CycleLosses =
    [
        new("D_A", 0.251f), new("G_A", 0.812f), new("cycle_A", 1.403f), new("idt_A", 0.702f),
        new("D_B", 0.249f), new("G_B", 0.799f), new("cycle_B", 1.398f), new("idt_B", 0.699f),
    ];

    private static ProgressState State(int batch = 120) =>
        new(3, 200, batch, 400, new TimeSpan(1, 2, 3), CycleLosses);

    [Theory]
    [InlineData(80)]
    [InlineData(150)]
    public void The_line_fits_the_width_with_the_bar_eta_and_the_losses_that_fit(int width)
    {
        string line = ProgressBar.Render(State(), width);
        Assert.True(line.Length <= width - 1, $"{line.Length} characters at width {width}: {line}");
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Matches(@"^epoch 3/200 \[#+\.+\] 120/400 ETA 01:02:03 D_A 0\.251", line);
        int shown = CycleLosses.Count(l => line.Contains($" {l.Key} ", StringComparison.Ordinal));
        if (width == 150)
            Assert.Equal(CycleLosses.Length, shown);
        else
            Assert.InRange(shown, 1, CycleLosses.Length - 1);
        // losses are left out from the end, never cut in the middle
        Assert.Matches(@"\d\.\d{3}$", line);
    }

    [Fact]
    public void The_bar_fills_in_proportion_and_is_at_most_30_cells()
    {
        string half = ProgressBar.Render(State(200) with { Losses = [] }, 200);
        var bar = System.Text.RegularExpressions.Regex.Match(half, @"\[(#*)(\.*)\]");
        Assert.Equal(30, bar.Groups[1].Length + bar.Groups[2].Length);
        Assert.Equal(15, bar.Groups[1].Length);
        string full = ProgressBar.Render(State(400), 80);
        Assert.Matches(@"\[#+\]", full);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(20)]
    [InlineData(5)]
    [InlineData(1)]
    [InlineData(0)]
    public void A_tiny_width_drops_the_losses_then_the_bar_then_cuts_the_text(int width)
    {
        string line = ProgressBar.Render(State(), width);
        Assert.True(line.Length <= Math.Max(0, width - 1), $"{line.Length} characters at width {width}: {line}");
        const string plain = "epoch 3/200 120/400 ETA 01:02:03";
        Assert.Equal(plain[..Math.Min(plain.Length, Math.Max(0, width - 1))], line);
    }

    [Fact]
    public void A_loss_line_clears_the_bar_prints_and_the_bar_is_drawn_again_below_it()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var log = new List<string>();
        using var console = new ProgressConsole(new Recorder("out", log, output), new Recorder("err", log, error), () => 80);
        string bar = ProgressBar.Render(State(), console.Width);
        console.ShowBar(bar);
        using (var lines = new ProgressConsoleWriter(console, console.Output))
            lines.WriteLine("(epoch: 3, iters: 120, time: 0.052, data: 0.001) G_GAN: 0.812 ");
        Assert.Equal(
        [
            "err:" + ProgressConsole.ClearLine + bar,
            "err:" + ProgressConsole.ClearLine,
            "out:(epoch: 3, iters: 120, time: 0.052, data: 0.001) G_GAN: 0.812 \n",
            "err:" + bar,
        ], log);
        console.ClearBar();
        Assert.EndsWith(ProgressConsole.ClearLine, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("(epoch: 3, iters: 120, time: 0.052, data: 0.001) G_GAN: 0.812 " + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Without_a_bar_lines_print_plain()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var console = new ProgressConsole(output, error, () => 80);
        using (var lines = new ProgressConsoleWriter(console, output))
        {
            lines.Write("saving ");
            lines.WriteLine("the latest model");
            lines.Write("no newline yet");
        }
        Assert.Equal($"saving the latest model{Environment.NewLine}no newline yet{Environment.NewLine}", output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Training_steps_draw_the_bar_through_the_console()
    {
        var model = new Pix2PixModel(new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 2, Ndf = 2, Norm = "batch" }, 1);
        var error = new StringWriter();
        using var console = new ProgressConsole(TextWriter.Null, error, () => 80);
        var progress = new TrainingProgress(model, firstEpoch: 1, lastEpoch: 3, console);
        progress.OnStep(1, 1, 4);
        progress.OnStep(1, 4, 4);
        string text = error.ToString();
        Assert.Contains(ProgressConsole.ClearLine + "epoch 1/3 [", text, StringComparison.Ordinal);
        Assert.Contains("] 4/4 ETA ", text, StringComparison.Ordinal);
        Assert.Contains("G_GAN", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.All(text.Split(ProgressConsole.ClearLine), part => Assert.True(part.Length <= 79, part));
    }

    /// <summary>A fake console stream: records each write (and which stream it went to) in order.</summary>
    private sealed class Recorder(string name, List<string> log, TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _pending = new();

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => _pending.Append(value);

        public override void Write(string? value) => _pending.Append(value);

        public override void WriteLine(string? value) => _pending.Append(value).Append('\n');

        public override void Flush()
        {
            if (_pending.Length == 0)
                return;
            log.Add(name + ":" + _pending);
            inner.Write(_pending.ToString().Replace("\n", Environment.NewLine, StringComparison.Ordinal));
            _pending.Clear();
        }
    }
}

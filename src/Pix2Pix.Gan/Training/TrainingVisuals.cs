using System.Globalization;
using System.Text.RegularExpressions;
using Pix2Pix.Engine;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// The training page <c>web/index.html</c>: a chart per loss (axes, ticks, raw and smoothed curves, x in epochs), then
/// per epoch the latest visuals (<c>images/epoch003_real_A.png</c>…), newest epoch first. With <c>--continue_train</c>
/// the page keeps the whole run: <see cref="LoadHistory"/> reads the earlier losses back from <c>loss_log.txt</c> and the
/// earlier epochs from the images already in <c>web/images</c>.
/// </summary>
internal sealed partial class TrainingVisuals(string webDir, string name, int width)
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    private readonly List<(string Name, List<(double X, double Y)> Points)> _losses = [];
    private readonly SortedSet<int> _epochs = [];
    private List<string> _visualNames = [];

    public string IndexPath => Path.Combine(webDir, "index.html");

    /// <summary>The losses recorded so far, by name: (x in epochs, value).</summary>
    internal IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> Losses =>
        _losses.Select(s => (s.Name, (IReadOnlyList<(double, double)>)s.Points)).ToList();

    /// <summary>
    /// Records one report; x = epochs trained = epoch − 1 + images into the epoch / dataset size. A report at or before
    /// the last recorded x (a resumed run repeating steps a crash lost) replaces the points from there on.
    /// </summary>
    public void RecordLosses(int epoch, int epochImages, int datasetSize, IReadOnlyList<KeyValuePair<string, float>> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        Record(epoch - 1 + (double)epochImages / Math.Max(1, datasetSize), losses.Select(l => (l.Key, (double)l.Value)));
    }

    /// <summary>
    /// Before a continued run's first step: the losses of <paramref name="lossLog"/> (every earlier start appended to it)
    /// and the epochs whose images are in <c>web/images</c>.
    /// </summary>
    internal void LoadHistory(string lossLog, int datasetSize)
    {
        if (File.Exists(lossLog))
        {
            foreach (string line in File.ReadLines(lossLog))
            {
                var m = LogLine().Match(line);
                if (!m.Success)
                    continue;
                int epoch = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                int iters = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var values = LossPair().Matches(m.Groups[3].Value)
                    .Select(p => (p.Groups[1].Value, double.Parse(p.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
                Record(epoch - 1 + (double)iters / Math.Max(1, datasetSize), values);
            }
        }
        string images = Path.Combine(webDir, "images");
        if (Directory.Exists(images))
        {
            foreach (string file in Directory.EnumerateFiles(images, "epoch*_*.png"))
            {
                var m = ImageName().Match(Path.GetFileName(file));
                if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch))
                    _epochs.Add(epoch);
            }
        }
    }

    public void Save(int epoch, IReadOnlyList<(string Name, Tensor Image)> visuals, bool writeHtml)
    {
        ArgumentNullException.ThrowIfNull(visuals);
        string images = Path.Combine(webDir, "images");
        Directory.CreateDirectory(images);
        foreach (var (label, tensor) in visuals)
            ImageCodecs.SavePng(TensorImage.ToImage(tensor), Path.Combine(images, $"epoch{epoch:D3}_{label}.png"));
        _epochs.Add(epoch);
        _visualNames = visuals.Select(v => v.Name).ToList();
        if (writeHtml)
            WriteHtml();
    }

    private void Record(double x, IEnumerable<(string Name, double Value)> values)
    {
        foreach (var (key, value) in values)
        {
            var series = _losses.FirstOrDefault(s => s.Name == key);
            if (series.Points is null)
            {
                series = (key, []);
                _losses.Add(series);
            }
            while (series.Points.Count > 0 && series.Points[^1].X >= x)
                series.Points.RemoveAt(series.Points.Count - 1);
            series.Points.Add((x, value));
        }
    }

    private void WriteHtml()
    {
        var page = new HtmlPage($"Experiment name = {name}", refreshSeconds: 30);
        if (_losses.Count > 0)
        {
            page.AddHeader($"losses (faint: raw; solid: smoothed with weight {LossChart.DefaultSmoothing.ToString(CultureInfo.InvariantCulture)}, as TensorBoard)");
            var charts = new System.Text.StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:8px\">");
            for (int s = 0; s < _losses.Count; s++)
                charts.Append(LossChart.Svg(_losses[s].Name, _losses[s].Points, Palette[s % Palette.Length]));
            page.AddHtml(charts.Append("</div>").ToString());
        }
        foreach (int epoch in _epochs.Reverse())
        {
            page.AddHeader($"epoch [{epoch}]");
            page.AddImages(_visualNames.Select(n => ($"images/epoch{epoch:D3}_{n}.png", n)), width);
        }
        page.Save(IndexPath);
    }

    [GeneratedRegex(@"^\(epoch: (\d+), iters: (\d+), [^)]*\) (.*)$")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"(\S+): (\S+)")]
    private static partial Regex LossPair();

    [GeneratedRegex(@"^epoch(\d+)_.+\.png$")]
    private static partial Regex ImageName();
}

using Pix2Pix.Engine;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// The training page <c>web/index.html</c>: per epoch the latest visuals (<c>images/epoch003_real_A.png</c>…), newest
/// epoch first, and a loss plot drawn by our own code.
/// </summary>
internal sealed class TrainingVisuals(string webDir, string name, int width)
{
    private readonly List<(string Name, List<float> Values)> _losses = [];
    private readonly SortedSet<int> _epochs = [];
    private List<string> _visualNames = [];

    public string IndexPath => Path.Combine(webDir, "index.html");

    public void RecordLosses(IReadOnlyList<KeyValuePair<string, float>> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        foreach (var (key, value) in losses)
        {
            var series = _losses.FirstOrDefault(s => s.Name == key);
            if (series.Values is null)
            {
                series = (key, new List<float>());
                _losses.Add(series);
            }
            series.Values.Add(value);
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

    private void WriteHtml()
    {
        var page = new HtmlPage($"Experiment name = {name}", refreshSeconds: 30);
        if (_losses.Count > 0)
        {
            var series = _losses.Select(s => (s.Name, (IReadOnlyList<float>)s.Values)).ToList();
            ImageCodecs.SavePng(LossPlot.Draw(series), Path.Combine(webDir, "loss_plot.png"));
            page.AddHeader("losses (each curve scaled to its own range)");
            page.AddImages([("loss_plot.png", "")], 640);
            page.AddHtml(LossPlot.LegendHtml(series));
        }
        foreach (int epoch in _epochs.Reverse())
        {
            page.AddHeader($"epoch [{epoch}]");
            page.AddImages(_visualNames.Select(n => ($"images/epoch{epoch:D3}_{n}.png", n)), width);
        }
        page.Save(IndexPath);
    }
}

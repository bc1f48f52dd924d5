using System.Diagnostics;
using System.Text;
using Pix2Pix.Engine;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Gan.Visuals.TensorBoard;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// What <c>train --tensorboard</c> logs to <c>checkpoints/&lt;name&gt;/tensorboard/</c>, with the step axis in images seen
/// (the reference's <c>total_iters</c>): at every <c>--print_freq</c> the scalars <c>loss/&lt;name&gt;</c>, <c>lr</c> and
/// <c>steps_per_second</c>; at every <c>--display_freq</c> the visuals as images <c>visuals/&lt;name&gt;</c> (the classic
/// GANs' sample grid is their <c>visuals/fake</c>); once per process the options as text (<c>options</c>).
/// </summary>
internal sealed class TrainingTensorBoard : IDisposable
{
    private readonly EventFileWriter _writer;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<KeyValuePair<string, float>> _scalars = [];
    private long _steps, _stepsAtLastReport;
    private double _secondsAtLastReport;
    private long _lastImageStep = -1;

    private TrainingTensorBoard(EventFileWriter writer) => _writer = writer;

    public string FilePath => _writer.Path;

    /// <summary>Opens this process's event file under <paramref name="folder"/> and records the options.</summary>
    public static TrainingTensorBoard Open(string folder, TrainOptions options, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var board = new TrainingTensorBoard(EventFileWriter.Create(folder));
        board._writer.AddText("options", step, OptionsMarkdown(options));
        board._writer.Flush();
        return board;
    }

    /// <summary>Counts one optimization step (for steps per second).</summary>
    public void StepDone() => _steps++;

    public void Scalars(long step, IReadOnlyList<KeyValuePair<string, float>> losses, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(losses);
        _scalars.Clear();
        foreach (var (name, value) in losses)
            _scalars.Add(new("loss/" + name, value));
        _scalars.Add(new("lr", (float)learningRate));
        double now = _watch.Elapsed.TotalSeconds;
        double seconds = now - _secondsAtLastReport;
        if (seconds > 0 && _steps > _stepsAtLastReport)
            _scalars.Add(new("steps_per_second", (float)((_steps - _stepsAtLastReport) / seconds)));
        _secondsAtLastReport = now;
        _stepsAtLastReport = _steps;
        _writer.AddScalars(step, _scalars);
        _writer.Flush();
    }

    /// <summary>The model's visuals at <paramref name="step"/>; a second call for the same step writes nothing.</summary>
    public void Images(long step, IReadOnlyList<(string Name, Tensor Image)> visuals)
    {
        ArgumentNullException.ThrowIfNull(visuals);
        if (step == _lastImageStep)
            return;
        _lastImageStep = step;
        foreach (var (name, tensor) in visuals)
            _writer.AddImage("visuals/" + name, step, TensorImage.ToImage(tensor));
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The options as a Markdown table (TensorBoard's text plugin renders Markdown), flags in table order.</summary>
    internal static string OptionsMarkdown(TrainOptions options)
    {
        var sb = new StringBuilder("| flag | value |\n|---|---|\n");
        foreach (var spec in options.Specs)
            sb.Append("| ").Append(spec.Flag).Append(" | ").Append(spec.Format(options).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        return sb.ToString();
    }
}

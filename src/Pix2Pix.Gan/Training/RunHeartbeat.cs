using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// What a training run tells the dashboard (<c>pix2pix serve</c>), which only reads run folders: <c>status.json</c>
/// (rewritten atomically every <see cref="Interval"/>: status running / finished / stopped / crashed, epoch, iteration,
/// steps per second, ETA, CPU %, resident memory, last losses, learning rate, a heartbeat time) and <c>metrics.jsonl</c>
/// (one line appended every 10 s and at the end: the same numbers over time, for the hardware and learning-rate charts and for
/// comparing runs by time). A run whose status says running but whose heartbeat is older than a minute was killed: the
/// dashboard shows it as crashed. Writing never throws into training: a failed write is skipped.
/// </summary>
internal sealed class RunHeartbeat
{
    public const string StatusFile = "status.json";
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>How often a running step writes (the first step and every status change write at once).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>How often a running step appends to metrics.jsonl (about 8,600 lines a day).</summary>
    public static readonly TimeSpan MetricsInterval = TimeSpan.FromSeconds(10);

    private readonly string _dir;
    private readonly string _name;
    private readonly string _modelName;
    private readonly int _lastEpoch;
    private readonly int _datasetSize;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTime _started = DateTime.UtcNow;
    private TimeSpan _lastWrite = TimeSpan.MinValue;
    private TimeSpan _lastMetrics = TimeSpan.MinValue;
    private TimeSpan _lastCpu;
    private long _stepsAtLastWrite;
    private long _steps;
    private double _stepsPerSecond;
    private int _epoch, _batch, _batches;
    private long _totalIters;
    private double _lr;
    private IReadOnlyList<KeyValuePair<string, float>> _losses = [];
    private Models.GanModel? _model;

    public RunHeartbeat(string runDir, string name, string model, int lastEpoch, int datasetSize)
    {
        _dir = runDir;
        _name = name;
        _modelName = model;
        _lastEpoch = lastEpoch;
        _datasetSize = datasetSize;
        using var self = Process.GetCurrentProcess();
        _lastCpu = self.TotalProcessorTime;
    }

    /// <summary>After every step; writes at most every <see cref="Interval"/> (no allocation in between).</summary>
    public void Step(int epoch, int batch, int batches, long totalIters, Models.GanModel model)
    {
        _steps++;
        _epoch = epoch;
        _batch = batch;
        _batches = batches;
        _totalIters = totalIters;
        _model = model;
        if (_lastWrite != TimeSpan.MinValue && _clock.Elapsed - _lastWrite < Interval)
            return;
        Write("running", null);
    }

    /// <summary>The run's end: finished, stopped (interrupted; resumable) or crashed (with the error).</summary>
    public void End(string status, string? error = null) => Write(status, error);

    private void Write(string status, string? error)
    {
        try
        {
            if (_model is not null)
            {
                _losses = _model.CurrentLosses();
                _lr = _model.LearningRate;
            }
            var now = _clock.Elapsed;
            double seconds = _lastWrite == TimeSpan.MinValue ? 0 : (now - _lastWrite).TotalSeconds;
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            double cpuPercent = seconds > 0 ? 100 * (cpu - _lastCpu).TotalSeconds / seconds / Environment.ProcessorCount : 0;
            if (seconds > 0)
                _stepsPerSecond = (_steps - _stepsAtLastWrite) / seconds;
            _lastCpu = cpu;
            _stepsAtLastWrite = _steps;
            _lastWrite = now;
            long remaining = _batches <= 0 ? 0 : (long)(_lastEpoch - _epoch) * _batches + (_batches - _batch);
            double? eta = status == "running" && _stepsPerSecond > 0 ? remaining / _stepsPerSecond : null;
            var time = DateTime.UtcNow;
            var fields = new Dictionary<string, object?>
            {
                ["name"] = _name,
                ["model"] = _modelName,
                ["status"] = status,
                ["pid"] = Environment.ProcessId,
                ["started"] = _started.ToString("o", CultureInfo.InvariantCulture),
                ["heartbeat"] = time.ToString("o", CultureInfo.InvariantCulture),
                ["time"] = (time - DateTime.UnixEpoch).TotalSeconds,
                ["epoch"] = _epoch,
                ["last_epoch"] = _lastEpoch,
                ["batch"] = _batch,
                ["batches"] = _batches,
                ["dataset_size"] = _datasetSize,
                ["total_iters"] = _totalIters,
                ["steps_per_sec"] = Math.Round(_stepsPerSecond, 4),
                ["eta_sec"] = eta is double e ? Math.Round(e) : null,
                ["cpu_percent"] = Math.Round(cpuPercent, 1),
                ["rss_bytes"] = self.WorkingSet64,
                ["lr"] = _lr,
                ["losses"] = _losses.ToDictionary(l => l.Key, l => float.IsFinite(l.Value) ? (double?)l.Value : null, StringComparer.Ordinal),
                ["error"] = error,
            };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(fields);
            AtomicFile.Write(Path.Combine(_dir, StatusFile), s => s.Write(json));
            // a line at most every MetricsInterval and at every status change, appended whole (a reader skips a torn last line)
            if (status != "running" || _lastMetrics == TimeSpan.MinValue || now - _lastMetrics >= MetricsInterval)
            {
                File.AppendAllText(Path.Combine(_dir, MetricsFile), Encoding.UTF8.GetString(json) + "\n");
                _lastMetrics = now;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // the dashboard's files must never stop training
        }
    }
}

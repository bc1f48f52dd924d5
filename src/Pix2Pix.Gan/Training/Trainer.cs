using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Training;

/// <summary>What a training run ended with.</summary>
internal sealed record TrainResult(int Epoch, int BatchesDone, long TotalIters, bool Stopped, string RunDirectory);

/// <summary>
/// The reference's <c>train.py</c>: for each epoch, for each batch set the input and optimize; print losses every
/// <c>print_freq</c> images, save visuals every <c>display_freq</c>, save <c>latest</c> every <c>save_latest_freq</c>;
/// at the end of an epoch update the learning rate and save every <c>save_epoch_freq</c> epochs. Frequencies count
/// images. The learning rate steps at the end of each epoch (as REFERENCE.md describes the linear rule: the initial
/// rate for n_epochs epochs, then a linear decay over n_epochs_decay), so no epoch trains at a rate of 0.
/// </summary>
internal sealed class Trainer : IDisposable
{
    private readonly TrainOptions _opt;
    private readonly TextWriter _out;
    private readonly RunFolder _run;
    private readonly DataLoader _loader;
    private readonly Direction _direction;
    private readonly TrainingVisuals? _visuals;
    private readonly DivergenceGuard _guard;
    private readonly DatasetScanResult _scan;
    private LossLog? _log;

    public Trainer(TrainOptions options, TextWriter output)
    {
        _opt = options ?? throw new ArgumentNullException(nameof(options));
        _out = output ?? throw new ArgumentNullException(nameof(output));
        _opt.Validate();
        _run = new RunFolder(_opt.RunDirectory);
        _guard = new DivergenceGuard(_run.Path, _opt.Lr);
        _direction = DataModeNames.ParseDirection(_opt.Direction);
        // Every file is checked before the first step, so a damaged one stops the run now, not hours in.
        (DataOptions data, _scan) = DatasetScan.Prepare(DataOptionsMapping.From(_opt, _opt.Phase), _opt.SkipBadImages, _out);
        _loader = DataLoader.Create(data);
        Model = ModelFactory.Create(_opt, (ulong)_opt.Seed);
        Model.CreateSchedulers(_opt.LrPolicy, new LrScheduleOptions
        {
            NEpochs = _opt.NEpochs, NEpochsDecay = _opt.NEpochsDecay, LrDecayIters = _opt.LrDecayIters, EpochCount = _opt.EpochCount,
        });
        if (!_opt.NoHtml)
            _visuals = new TrainingVisuals(_run.WebDir, _opt.Name, _opt.DisplayWinsize);
    }

    public GanModel Model { get; }

    public RunFolder Run => _run;

    public int DatasetSize => _loader.Count;

    public int LastEpoch => Model.PlannedEpochs(_loader.BatchCount) ?? _opt.NEpochs + _opt.NEpochsDecay;

    /// <summary>Called after every optimization step with (epoch, batch index in epoch, batches per epoch).</summary>
    public Action<int, int, int>? StepCompleted { get; set; }

    /// <summary>
    /// Trains until the last epoch, or until <paramref name="shouldStop"/> says so at a step boundary (then the latest
    /// state is saved, so <c>--continue_train</c> picks up from there).
    /// </summary>
    public TrainResult Train(Func<bool>? shouldStop = null)
    {
        using var degree = Parallelism.WithDegree(_opt.NumThreads);
        var position = new TrainingPosition(_opt.EpochCount, 0, 0);
        if (!_opt.ContinueTrain)
            Directory.CreateDirectory(_run.Path);
        // A continue without a folder has nothing to lock; Resume says what is missing.
        using var runLock = Directory.Exists(_run.Path) ? RunLock.Acquire(_run.Path) : null;
        if (runLock is not null)
        {
            foreach (string stale in _run.RemoveStaleTemporaryFiles())
                _out.WriteLine($"removed {stale}, left by an interrupted save");
        }
        if (_opt.ContinueTrain)
        {
            position = Resume();
            _visuals?.LoadHistory(_run.LossLog, _loader.Count);
        }
        File.WriteAllText(_run.OptionsJson, OptionsFile.ToJson(_opt));
        File.WriteAllText(_run.OptionsText, OptionsFile.ToText(_opt, new TrainOptions()));
        _log = new LossLog(_run.LossLog, append: _opt.ContinueTrain);
        WriteSkippedImages();
        using var board = _opt.Tensorboard ? TrainingTensorBoard.Open(_run.TensorBoardDir, _opt, position.TotalIters) : null;
        if (board is not null)
            _out.WriteLine($"TensorBoard log {board.FilePath}; watch with: tensorboard --logdir {_opt.CheckpointsDir}");
        _out.WriteLine($"#training images = {_loader.Count}");

        int batches = _loader.BatchCount;
        int epoch = position.Epoch;
        int done = position.BatchesDone;
        long totalIters = position.TotalIters;
        if (position.EpochClosed)
        {
            epoch++;
            done = 0;
        }
        for (; epoch <= LastEpoch; epoch++, done = 0)
        {
            var epochWatch = Stopwatch.StartNew();
            int epochImages = done * _opt.BatchSize;
            var dataWatch = Stopwatch.StartNew();
            int index = done;
            foreach (var batch in _loader.Epoch(epoch, done))
            {
                double dataTime = dataWatch.Elapsed.TotalSeconds;
                var stepWatch = Stopwatch.StartNew();
                // The step's tensors (losses, visuals) stay valid until the next step enters the arena again.
                using (Model.StepArena.Enter())
                {
                    Model.SetInput(batch.Input(_direction), batch.Target(_direction));
                    Model.OptimizeParameters();
                }
                double computeTime = stepWatch.Elapsed.TotalSeconds;
                long before = totalIters;
                totalIters += batch.Size;
                epochImages += batch.Size;
                index++;
                _guard.CheckLosses(Model.CurrentLosses(), epoch, index, totalIters);
                board?.StepDone();
                if (Crossed(before, totalIters, _opt.PrintFreq))
                {
                    string line = LossLog.FormatLine(epoch, epochImages, computeTime / batch.Size, dataTime / batch.Size, Model.CurrentLosses());
                    _out.WriteLine(line);
                    _log.Append(line);
                    _visuals?.RecordLosses(epoch, epochImages, _loader.Count, Model.CurrentLosses());
                    board?.Scalars(totalIters, Model.CurrentLosses(), Model.LearningRate);
                }
                if (_visuals is not null && Crossed(before, totalIters, _opt.DisplayFreq))
                    _visuals.Save(epoch, Model.CurrentVisuals(), Crossed(before, totalIters, _opt.UpdateHtmlFreq));
                if (Crossed(before, totalIters, _opt.DisplayFreq))
                    board?.Images(totalIters, Model.CurrentVisuals());
                if (Crossed(before, totalIters, _opt.SaveLatestFreq))
                {
                    string label = _opt.SaveByIter ? $"iter_{totalIters}" : "latest";
                    _out.WriteLine($"saving the latest model (epoch {epoch}, total_iters {totalIters})");
                    Save(label, new TrainingPosition(epoch, index, totalIters));
                }
                StepCompleted?.Invoke(epoch, index, batches);
                if (shouldStop?.Invoke() == true)
                {
                    var stopped = new TrainingPosition(epoch, index, totalIters);
                    Save("latest", stopped);
                    _visuals?.Save(epoch, Model.CurrentVisuals(), writeHtml: true);
                    board?.Images(totalIters, Model.CurrentVisuals());
                    _out.WriteLine($"stopped at epoch {epoch}, batch {index}/{batches}; resume with --continue_train");
                    return new TrainResult(epoch, index, totalIters, true, _run.Path);
                }
                if (Model.TrainingComplete)
                    break;   // the model's own schedule (progan) ended inside this, the last planned epoch
                dataWatch.Restart();
            }
            double oldLr = Model.LearningRate;
            Model.UpdateLearningRate(0);
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"learning rate {oldLr:F7} -> {Model.LearningRate:F7}"));
            if (epoch % _opt.SaveEpochFreq == 0 || epoch == LastEpoch)
            {
                _out.WriteLine($"saving the model at the end of epoch {epoch}, iters {totalIters}");
                Save("latest", new TrainingPosition(epoch, batches, totalIters, EpochClosed: true));
                if (epoch % _opt.SaveEpochFreq == 0)
                    _run.SaveNetworks(Model, epoch.ToString(CultureInfo.InvariantCulture), Metadata(epoch, totalIters));
            }
            _out.WriteLine($"End of epoch {epoch} / {LastEpoch} \t Time Taken: {(int)epochWatch.Elapsed.TotalSeconds} sec");
        }
        _visuals?.Save(LastEpoch, Model.CurrentVisuals(), writeHtml: true);
        board?.Images(totalIters, Model.CurrentVisuals());
        return new TrainResult(LastEpoch, batches, totalIters, false, _run.Path);
    }

    public void Dispose() => _loader.Dispose();

    /// <summary>Lists the files this run left out; a list from an earlier start whose files are now whole goes away.</summary>
    private void WriteSkippedImages()
    {
        if (_scan.Bad.Count == 0)
        {
            File.Delete(_run.SkippedImages);
            return;
        }
        File.WriteAllText(_run.SkippedImages, _scan.BadList());
        _out.WriteLine($"skipped {_scan.Bad.Count} bad image file{(_scan.Bad.Count == 1 ? "" : "s")}, listed in {_run.SkippedImages}");
    }

    private TrainingPosition Resume()
    {
        string label = RunFolder.Label(_opt.Epoch, _opt.LoadIter);
        string stateFile = _run.TrainStateFile(label);
        if (File.Exists(stateFile))
        {
            var position = TrainingPosition.Load(stateFile, Model);
            _out.WriteLine($"resuming from {stateFile}: epoch {position.Epoch}, batch {position.BatchesDone}, {position.TotalIters} images seen");
            RecreateInterruptedSnapshot(position);
            return position;
        }
        // Networks only (e.g. converted from the reference): optimizer moments start fresh, as in the reference.
        foreach (var (name, net) in Model.Networks)
            _run.LoadNetwork(net, label, name);
        _out.WriteLine($"continuing from the {label} networks without a training state: optimizer state starts fresh at epoch {_opt.EpochCount}");
        return new TrainingPosition(_opt.EpochCount, 0, 0);
    }

    /// <summary>
    /// The end of an epoch saves the latest state, then the epoch's snapshot. A run killed between the two resumes from a
    /// closed epoch whose weights are the snapshot's: write it again, byte for byte what the uninterrupted run wrote.
    /// </summary>
    private void RecreateInterruptedSnapshot(TrainingPosition position)
    {
        if (!position.EpochClosed || position.Epoch % _opt.SaveEpochFreq != 0)
            return;
        string label = position.Epoch.ToString(CultureInfo.InvariantCulture);
        if (_run.HasNetworks(Model, label))
            return;
        _run.SaveNetworks(Model, label, Metadata(position.Epoch, position.TotalIters));
        _out.WriteLine($"re-created the epoch {label} snapshot, interrupted before it was complete");
    }

    /// <summary>Saves the networks as <paramref name="label"/> and the training state as latest, after checking both are finite.</summary>
    private void Save(string label, TrainingPosition position)
    {
        var (state, stateMeta) = Model.ExportTrainingState();
        _guard.CheckState(state, label, position.Epoch, position.BatchesDone, position.TotalIters);
        var meta = Metadata(position.Epoch, position.TotalIters);
        _run.SaveNetworks(Model, label, meta);
        TrainingPosition.Save(_run.TrainStateFile("latest"), state, stateMeta, position);
    }

    private Dictionary<string, string> Metadata(int epoch, long totalIters) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = _opt.Model,
        ["netG"] = _opt.NetG,
        ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
        ["total_iters"] = totalIters.ToString(CultureInfo.InvariantCulture),
    }.WithEntries(Model.CheckpointMetadata);

    private static bool Crossed(long before, long after, int frequency) => frequency > 0 && before / frequency != after / frequency;
}

internal static class MetadataExtensions
{
    /// <summary>The dictionary with <paramref name="extra"/>'s entries added (a model's own checkpoint metadata).</summary>
    public static Dictionary<string, string> WithEntries(this Dictionary<string, string> metadata, IReadOnlyDictionary<string, string> extra)
    {
        foreach (var (key, value) in extra)
            metadata[key] = value;
        return metadata;
    }
}

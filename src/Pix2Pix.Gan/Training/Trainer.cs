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
/// rate for n_epochs epochs, then a linear decay over n_epochs_decay), so no epoch trains at a rate of 0 — also not
/// the first epoch of a finished run extended with more epochs (docs/continue.md).
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
    private long _generation;
    private List<string> _keptSnapshots = [];
    private bool _recreatedSnapshot;
    private RunHeartbeat? _heartbeat;

    public Trainer(TrainOptions options, TextWriter output)
    {
        _opt = options ?? throw new ArgumentNullException(nameof(options));
        _out = output ?? throw new ArgumentNullException(nameof(output));
        _opt.Validate();
        TrainingMemory.Check(_opt, TrainingMemory.Available(), _out);
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
        try
        {
            var result = TrainLoop(shouldStop);
            _heartbeat?.End(result.Stopped ? "stopped" : "finished");
            return result;
        }
        catch (Exception ex)
        {
            _heartbeat?.End("crashed", ex.Message);
            throw;
        }
    }

    private TrainResult TrainLoop(Func<bool>? shouldStop)
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
            ContinueSchedule(position);
            _visuals?.LoadHistory(_run.LossLog, _loader.Count);
        }
        else
        {
            StartOver();
        }
        WriteOptions();
        _log = new LossLog(_run.LossLog, append: _opt.ContinueTrain);
        WriteSkippedImages();
        using var board = _opt.Tensorboard ? TrainingTensorBoard.Open(_run.TensorBoardDir, _opt, position.TotalIters) : null;
        if (board is not null)
            _out.WriteLine($"TensorBoard log {board.FilePath}; watch with: tensorboard --logdir {_opt.CheckpointsDir}");
        _heartbeat = new RunHeartbeat(_run.Path, _opt.Name, _opt.Model, LastEpoch, _loader.Count);
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
                    Save(label, new TrainingPosition(epoch, index, totalIters), snapshot: null);
                }
                _heartbeat.Step(epoch, index, batches, totalIters, Model);
                StepCompleted?.Invoke(epoch, index, batches);
                if (shouldStop?.Invoke() == true)
                {
                    var stopped = new TrainingPosition(epoch, index, totalIters);
                    Save("latest", stopped, snapshot: null);
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
            // After the last epoch the linear rate reaches 0, which no epoch trains at: say so instead of "-> 0".
            _out.WriteLine(epoch == LastEpoch
                ? string.Create(CultureInfo.InvariantCulture, $"learning rate {oldLr:F7} (the last epoch's; the schedule ends here)")
                : string.Create(CultureInfo.InvariantCulture, $"learning rate {oldLr:F7} -> {Model.LearningRate:F7}"));
            if (epoch % _opt.SaveEpochFreq == 0 || epoch == LastEpoch)
            {
                _out.WriteLine($"saving the model at the end of epoch {epoch}, iters {totalIters}");
                Save("latest", new TrainingPosition(epoch, batches, totalIters, EpochClosed: true),
                    snapshot: epoch % _opt.SaveEpochFreq == 0 ? epoch.ToString(CultureInfo.InvariantCulture) : null);
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
        SaveIo.WriteAtomicText(_run.SkippedImages, SaveKind.Options, _scan.BadList());
        _out.WriteLine($"skipped {_scan.Bad.Count} bad image file{(_scan.Bad.Count == 1 ? "" : "s")}, listed in {_run.SkippedImages}");
    }

    /// <summary>A new run in a folder that may hold an older run: that run's commit no longer describes this folder.</summary>
    private void StartOver()
    {
        try
        {
            _generation = RunManifest.Load(_run.Path)?.Generation ?? 0;
        }
        catch (InvalidDataException)
        {
            _generation = 0;
        }
        foreach (string staged in Directory.EnumerateFiles(_run.Path, ".*.pending"))
            File.Delete(staged);
        File.Delete(RunManifest.PathIn(_run.Path));
    }

    /// <summary>
    /// Brings the folder to its last commit, then resumes exactly from the training state it names; weights without a
    /// state continue only when the run was imported from the reference or the user said --reset_optimizer.
    /// </summary>
    private TrainingPosition Resume()
    {
        if (!Directory.Exists(_run.Path))
            throw new FileNotFoundException($"No run folder {_run.Path} to continue: Train first (pix2pix train --name …) or check --checkpoints_dir and --name.", _run.Path);
        var (manifest, missingSnapshots, removed) = RunCommit.Recover(_run.Path);
        foreach (string name in removed)
            _out.WriteLine($"removed {name}, staged by a save that was interrupted before it committed");
        _generation = manifest?.Generation ?? 0;
        _keptSnapshots = manifest?.KeptSnapshots.ToList() ?? [];
        string label = RunFolder.Label(_opt.Epoch, _opt.LoadIter);
        bool stateLabel = label == "latest" || label == manifest?.WeightsLabel;
        string stateFile = _run.TrainStateFile("latest");
        if (!_opt.ResetOptimizer && stateLabel && manifest?.State is { } state)
        {
            var position = TrainingPosition.Load(Path.Combine(_run.Path, state.Name), Model);
            if (position != manifest.Position)
                throw new InvalidDataException($"{stateFile} is at {position} but {RunManifest.PathIn(_run.Path)} records {manifest.Position}; the folder mixes two saves. "
                    + "Restore the files, or continue from the weights alone with --continue_train --reset_optimizer.");
            _out.WriteLine($"resuming from {stateFile}: epoch {position.Epoch}, batch {position.BatchesDone}, {position.TotalIters} images seen");
            RecreateSnapshots(missingSnapshots, position);
            return position;
        }
        if (!_opt.ResetOptimizer && stateLabel && manifest is null && File.Exists(stateFile))
        {
            // A folder of a version before state.json: its training state was one atomic file.
            var position = TrainingPosition.Load(stateFile, Model);
            _out.WriteLine($"resuming from {stateFile} (saved before {RunManifest.FileName} existed): epoch {position.Epoch}, batch {position.BatchesDone}, {position.TotalIters} images seen");
            return position;
        }
        bool imported = manifest?.Origin == RunManifest.FromImport;
        bool anyWeights = Model.Networks.Any(n => _run.AvailableNetworkFiles(n.Name).Count > 0);
        if (!anyWeights && manifest is null && !File.Exists(stateFile))
        {
            _out.WriteLine($"{_run.Path} has no save yet (the run stopped before its first one): training starts from the beginning");
            return new TrainingPosition(_opt.EpochCount, 0, 0);
        }
        if (!_opt.ResetOptimizer && !imported)
            throw new InvalidOperationException(RefusalMessage(label, manifest, stateFile));
        foreach (var (name, net) in Model.Networks)
            _run.LoadNetwork(net, label, name);
        _keptSnapshots = _keptSnapshots.Union(ExistingSnapshots(), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        string why = _opt.ResetOptimizer ? "--reset_optimizer" : "imported from the reference's trainer, which saves no optimizer state";
        _out.WriteLine($"continuing from the {label} networks without a training state ({why}): optimizer state starts fresh at epoch {_opt.EpochCount}; not an exact resume");
        if (_keptSnapshots.Count > 0)
            _out.WriteLine($"existing epoch snapshots are kept, never overwritten: {string.Join(", ", _keptSnapshots)}");
        return new TrainingPosition(_opt.EpochCount, 0, 0);
    }

    /// <summary>
    /// A continue trains from the epoch after the saved position: refuses when that is past the last epoch (nothing
    /// would train, which must not look like success) and puts the linear schedule there under the current flags.
    /// </summary>
    private void ContinueSchedule(TrainingPosition position)
    {
        int next = position.EpochClosed ? position.Epoch + 1 : position.Epoch;
        if (next > LastEpoch && _recreatedSnapshot)
            return;   // the run was killed inside its last save: completing that save is this continue's work
        if (next > LastEpoch)
            throw new OptionsException($"{_run.Path} has already trained epoch {next - 1} of {LastEpoch} (--n_epochs {_opt.NEpochs} + --n_epochs_decay {_opt.NEpochsDecay}); nothing is left to train. "
                + $"To train on, continue with more epochs, e.g. --continue_train --n_epochs_decay {next - 1 + 10 - _opt.NEpochs} "
                + "(the linear decay is then spread over the new total from the next epoch on; docs/continue.md).");
        double before = Model.LearningRate;
        Model.ContinueScheduleAt(next);
        if (Model.LearningRate != before)
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"continue: learning rate {before:F7} -> {Model.LearningRate:F7} for epoch {next} ({_opt.LrPolicy} over --n_epochs {_opt.NEpochs} + --n_epochs_decay {_opt.NEpochsDecay})"));
    }

    private string RefusalMessage(string label, RunManifest? manifest, string stateFile)
    {
        string reset = $"add --reset_optimizer to continue from the {label} weights with a fresh Adam optimizer and the learning-rate schedule from --epoch_count {_opt.EpochCount} "
            + "(not an exact resume; existing epoch snapshots are kept)";
        if (manifest?.State is not null || (manifest is null && File.Exists(stateFile)))
        {
            string at = manifest is null ? "" : $" (epoch {manifest.Position.Epoch}, {manifest.Position.TotalIters} images seen)";
            return $"The training state of {_run.Path} belongs to its latest save{at}, not to --epoch {label}{(_opt.LoadIter > 0 ? $" / --load_iter {_opt.LoadIter}" : "")}. "
                + $"To resume exactly, continue without --epoch/--load_iter; or {reset}.";
        }
        return $"{_run.Path} has weights but no training state ({RunManifest.FileName} with {Path.GetFileName(stateFile)}): the run stopped before its first complete save, "
            + $"or the state was deleted, so it cannot resume exactly. To continue anyway, {reset}; or train anew without --continue_train.";
    }

    /// <summary>The epoch labels with saved network files here (the snapshots a weights-only continue must not overwrite).</summary>
    private IEnumerable<string> ExistingSnapshots() =>
        Model.Networks.SelectMany(n => _run.AvailableNetworkFiles(n.Name))
            .Select(f => f[..f.IndexOf("_net_", StringComparison.Ordinal)])
            .Where(l => l.Length > 0 && l.All(char.IsAsciiDigit))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Epoch snapshots a commit named but that are gone (e.g. deleted by hand): the training state holds the same weights,
    /// so they are written again, byte for byte what the commit wrote (its checksum says so).
    /// </summary>
    private void RecreateSnapshots(IReadOnlyList<ManifestFile> missing, TrainingPosition position)
    {
        var meta = Metadata(position.Epoch, position.TotalIters);
        foreach (var f in missing)
        {
            var net = Model.Networks.FirstOrDefault(n => f.Name.EndsWith($"_net_{n.Name}.safetensors", StringComparison.Ordinal)).Net
                ?? throw new InvalidDataException($"{RunManifest.PathIn(_run.Path)} names {f.Name}, which is no network of this {_opt.Model} model.");
            var (_, hash) = SaveIo.WriteAtomic(Path.Combine(_run.Path, f.Name), SaveKind.Snapshot,
                s => Engine.Checkpoints.SafeTensors.Write(s, net.StateDict(), meta, checksum: true));
            if (hash != f.Hash)
                throw new InvalidDataException($"re-created {f.Name} differs from the file the save wrote (xxh64 {f.HashText}); the training state and the snapshot disagree.");
            _recreatedSnapshot = true;
            _out.WriteLine($"re-created {f.Name}, missing from the last save");
        }
    }

    /// <summary>
    /// Saves the networks as <paramref name="label"/>, the training state as latest and, at the end of a snapshot epoch,
    /// the networks as <paramref name="snapshot"/>: one commit (all of this step or all of the previous save), after
    /// checking every value is finite.
    /// </summary>
    private void Save(string label, TrainingPosition position, string? snapshot)
    {
        var (state, stateMeta) = Model.ExportTrainingState();
        _guard.CheckState(state, label, position.Epoch, position.BatchesDone, position.TotalIters);
        var meta = Metadata(position.Epoch, position.TotalIters);
        Directory.CreateDirectory(_run.Path);
        var commit = new RunCommit(_run.Path, _generation + 1);
        foreach (var (name, net) in Model.Networks)
            commit.Stage(Path.GetFileName(_run.NetworkFile(label, name)), SaveKind.Weights, s => Engine.Checkpoints.SafeTensors.Write(s, net.StateDict(), meta, checksum: true));
        commit.Stage(Path.GetFileName(_run.TrainStateFile("latest")), SaveKind.TrainingState, s => TrainingPosition.Write(s, state, stateMeta, position));
        if (snapshot is not null && _keptSnapshots.Contains(snapshot))
            _out.WriteLine($"kept the existing epoch {snapshot} snapshot (saved before this run continued from weights alone); this run's epoch {snapshot} weights are in {label}");
        else if (snapshot is not null)
        {
            foreach (var (name, net) in Model.Networks)
                commit.Stage(Path.GetFileName(_run.NetworkFile(snapshot, name)), SaveKind.Snapshot, s => Engine.Checkpoints.SafeTensors.Write(s, net.StateDict(), meta, checksum: true));
        }
        commit.Commit(RunManifest.FromTraining, label, position, _keptSnapshots);
        _generation = commit.Generation;
    }

    private void WriteOptions()
    {
        // --reset_optimizer is for one continue; saved, it would reset the optimizer of every later one.
        bool reset = _opt.ResetOptimizer;
        _opt.ResetOptimizer = false;
        try
        {
            // a continue saves the run-defining flags, never its one-off ones (docs/continue.md)
            var saved = _opt.ToSave ?? _opt;
            SaveIo.WriteAtomicText(_run.OptionsJson, SaveKind.Options, OptionsFile.ToJson(saved));
            SaveIo.WriteAtomicText(_run.OptionsText, SaveKind.Options, OptionsFile.ToText(saved, new TrainOptions()));
        }
        finally
        {
            _opt.ResetOptimizer = reset;
        }
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

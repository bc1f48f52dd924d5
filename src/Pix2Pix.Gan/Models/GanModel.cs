using System.Globalization;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// The reference's <c>BaseModel</c> contract, typed: <see cref="SetInput"/>, <see cref="Forward"/>,
/// <see cref="OptimizeParameters"/>, <see cref="CurrentLosses"/>, <see cref="CurrentVisuals"/>, plus the networks by
/// name ("G", "D", "G_A", …) for checkpoints, the optimizers and LR schedulers, and the random state that a training
/// checkpoint must carry for an exact resume.
/// </summary>
internal abstract class GanModel
{
    private readonly List<(string Name, Module Net)> _networks = [];
    private readonly List<(string Name, Adam Optimizer)> _optimizers = [];
    private readonly List<ILrScheduler> _schedulers = [];

    protected GanModel(bool isTrain, ulong seed)
    {
        IsTrain = isTrain;
        InitRng = new Rng(seed);
        TrainingRng = new Rng(seed ^ 0x9E3779B97F4A7C15UL);
    }

    public bool IsTrain { get; }

    /// <summary>
    /// Recycles the buffers of each step (<see cref="TensorArena"/>). The loop that runs the steps enters it around each
    /// one (<c>using (model.StepArena.Enter()) { SetInput(…); OptimizeParameters(); }</c>); the model never does. The
    /// tensors of a step — the visuals such as fake_B, the losses — then stay valid until the loop enters it again, which
    /// reuses their memory. Steps run outside any arena draw from the garbage-collected heap instead.
    /// </summary>
    public TensorArena StepArena { get; } = new();

    /// <summary>Draws the initial weights.</summary>
    protected Rng InitRng { get; }

    /// <summary>
    /// Draws what training needs at random after initialisation: dropout masks and CycleGAN's image-pool choices. Saved in
    /// training checkpoints as "rng.dropout" (its name before it drew the pool choices too, kept so old states resume).
    /// </summary>
    public Rng TrainingRng { get; }

    public IReadOnlyList<(string Name, Module Net)> Networks => _networks;

    public IReadOnlyList<(string Name, Adam Optimizer)> Optimizers => _optimizers;

    public IReadOnlyList<ILrScheduler> Schedulers => _schedulers;

    /// <summary>Loss names in the reference's order, e.g. <c>G_GAN G_L1 D_real D_fake</c>.</summary>
    public abstract IReadOnlyList<string> LossNames { get; }

    /// <summary>Visual names in the reference's order, e.g. <c>real_A fake_B real_B</c>.</summary>
    public abstract IReadOnlyList<string> VisualNames { get; }

    /// <summary>Takes a batch: <paramref name="a"/> is the input domain, <paramref name="b"/> the target (may be null at test time).</summary>
    public abstract void SetInput(Tensor a, Tensor? b);

    /// <summary>Runs the generator(s) on the current input.</summary>
    public abstract void Forward();

    /// <summary>One training step: forward, then the discriminator and generator updates in the reference's order.</summary>
    public abstract void OptimizeParameters();

    /// <summary>The losses of the last step, by name, in <see cref="LossNames"/> order.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, float>> CurrentLosses();

    /// <summary>The images of the last forward, by name, in <see cref="VisualNames"/> order (null entries are skipped).</summary>
    public abstract IReadOnlyList<(string Name, Tensor Image)> CurrentVisuals();

    public Module Network(string name) =>
        _networks.FirstOrDefault(n => n.Name == name).Net
        ?? throw new ArgumentException($"This model has no network '{name}'; it has {string.Join(", ", _networks.Select(n => n.Name))}.", nameof(name));

    /// <summary>Train or eval mode for every network (eval: BatchNorm running statistics, no dropout).</summary>
    public void SetTrainingMode(bool training)
    {
        foreach (var (_, net) in _networks)
            net.Train(training);
    }

    /// <summary>
    /// Steps every scheduler once (the reference's <c>update_learning_rate</c>). The trainer calls it at the end of every
    /// epoch, so the first epoch trains at the initial rate (see docs/overview.md, "Behaviour notes").
    /// </summary>
    public void UpdateLearningRate(double? metric = null)
    {
        foreach (var s in _schedulers)
            s.Step(metric);
    }

    /// <summary>
    /// After a resume: puts every <c>linear</c> schedule at the start of <paramref name="nextEpoch"/> under the current
    /// flags (so an extended run goes on decaying from where it is, not from a rate of 0); other policies go on from
    /// their saved state.
    /// </summary>
    internal void ContinueScheduleAt(int nextEpoch)
    {
        foreach (var s in _schedulers.OfType<LinearLrScheduler>())
            s.ContinueAt(nextEpoch);
    }

    public double LearningRate => _optimizers.Count == 0 ? 0 : _optimizers[0].Optimizer.LearningRate;

    protected T AddNetwork<T>(string name, T net) where T : Module
    {
        _networks.Add((name, net));
        return net;
    }

    protected Adam AddOptimizer(string name, Adam optimizer)
    {
        _optimizers.Add((name, optimizer));
        return optimizer;
    }

    /// <summary>Replaces the optimizer registered as <paramref name="name"/> (a model whose networks grow needs new ones).</summary>
    protected Adam ReplaceOptimizer(string name, Adam optimizer)
    {
        int index = _optimizers.FindIndex(o => o.Name == name);
        if (index < 0)
            throw new ArgumentException($"This model has no optimizer '{name}'.", nameof(name));
        _optimizers[index] = (name, optimizer);
        return optimizer;
    }

    /// <summary>A model whose rate never changes (progan, as pytorch_GAN_zoo): no schedulers are made.</summary>
    internal virtual bool ConstantLearningRate => false;

    /// <summary>
    /// How many epochs of <paramref name="batchesPerEpoch"/> batches the model's own schedule needs (progan: its iterations
    /// per scale); null: the trainer's --n_epochs + --n_epochs_decay.
    /// </summary>
    internal virtual int? PlannedEpochs(int batchesPerEpoch) => null;

    /// <summary>True once the model's own schedule is done (the trainer then closes the epoch and stops).</summary>
    internal virtual bool TrainingComplete => false;

    /// <summary>What the model adds to the metadata of every network file it saves (progan: scale and alpha).</summary>
    internal virtual IReadOnlyDictionary<string, string> CheckpointMetadata { get; } = new Dictionary<string, string>();

    /// <summary>Called before a training state is loaded: a model whose networks grow rebuilds them to the saved shape here.</summary>
    protected virtual void PrepareTrainingState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
    }

    /// <summary>Creates one scheduler per optimizer with the given policy (call after adding the optimizers).</summary>
    public void CreateSchedulers(string policy, LrScheduleOptions options)
    {
        _schedulers.Clear();
        if (ConstantLearningRate)
            return;
        foreach (var (_, opt) in _optimizers)
            _schedulers.Add(LrSchedulers.Create(policy, opt, options));
    }

    /// <summary>
    /// Everything an exact resume needs beyond the data position: every network's state dict ("net_G.…"), every
    /// optimizer's state ("optimizer_G.…") and the training generator ("rng.dropout"); scheduler states go to metadata.
    /// </summary>
    public (StateDict Tensors, Dictionary<string, string> Metadata) ExportTrainingState()
    {
        var dict = new StateDict();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, net) in _networks)
            CopyInto(dict, "net_" + name + ".", net.StateDict());
        foreach (var (name, opt) in _optimizers)
            CopyInto(dict, "optimizer_" + name + ".", opt.ExportState());
        dict.Add("rng.dropout", new Int64Tensor(TrainingRng.State.ToWords().Select(w => unchecked((long)w)).ToArray(), 6));
        for (int i = 0; i < _schedulers.Count; i++)
            foreach (var (k, v) in _schedulers[i].SaveState())
                meta[$"scheduler_{_optimizers[i].Name}.{k}"] = v;
        ExportExtraState(dict, meta);
        return (dict, meta);
    }

    /// <summary>Restores what <see cref="ExportTrainingState"/> wrote.</summary>
    public void LoadTrainingState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        PrepareTrainingState(tensors, metadata, sourceName);
        foreach (var (name, net) in _networks)
            net.LoadStateDict(Slice(tensors, "net_" + name + "."), sourceName);
        foreach (var (name, opt) in _optimizers)
            opt.LoadState(Slice(tensors, "optimizer_" + name + "."));
        if (!tensors.TryGetInt64("rng.dropout", out var words))
            throw new InvalidDataException($"{sourceName} has no 'rng.dropout' entry; it is not a training state written by this version. Start a new run or train without --continue_train.");
        TrainingRng.State = RngState.FromWords(words.Data.Select(w => unchecked((ulong)w)).ToArray());
        for (int i = 0; i < _schedulers.Count; i++)
        {
            string prefix = $"scheduler_{_optimizers[i].Name}.";
            var state = metadata.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
            try
            {
                _schedulers[i].LoadState(state);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"{sourceName}: {ex.Message}", ex);
            }
        }
        LoadExtraState(tensors, metadata, sourceName);
    }

    /// <summary>Adds a model's own training-state entries (e.g. CycleGAN's image pools); none by default.</summary>
    protected virtual void ExportExtraState(StateDict tensors, Dictionary<string, string> metadata)
    {
    }

    /// <summary>Restores what <see cref="ExportExtraState"/> wrote.</summary>
    protected virtual void LoadExtraState(StateDict tensors, IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
    }

    protected static float ItemOf(Tensor? t) => t is null ? float.NaN : t.Item();

    private static void CopyInto(StateDict target, string prefix, StateDict source)
    {
        foreach (string n in source.Names)
        {
            if (source.TryGetFloat(n, out var f))
                target.Add(prefix + n, f);
            else if (source.TryGetInt64(n, out var i))
                target.Add(prefix + n, i);
        }
    }

    private static StateDict Slice(StateDict source, string prefix)
    {
        var d = new StateDict();
        foreach (string n in source.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (source.TryGetFloat(n, out var f))
                d.Add(n[prefix.Length..], f);
            else if (source.TryGetInt64(n, out var i))
                d.Add(n[prefix.Length..], i);
        }
        return d;
    }

    internal static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Pix2Pix.Engine.Optim;

/// <summary>
/// What every policy shares: the optimizer whose rate it sets, the base rate taken at construction, the epoch
/// counter and the save/restore of that state. Like PyTorch's chainable schedulers, the current rate is the
/// optimizer's own (so a rate set by hand between epochs is the one a recursive policy continues from).
/// </summary>
internal abstract class LrScheduler : ILrScheduler
{
    private protected LrScheduler(Adam optimizer, string policy)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        Policy = policy;
        BaseLearningRate = optimizer.LearningRateExact;
        LastEpoch = -1;
    }

    public string Policy { get; }

    public Adam Optimizer { get; }

    /// <summary>The optimizer's rate when the scheduler was created (PyTorch's <c>base_lrs[0]</c>).</summary>
    public double BaseLearningRate { get; private set; }

    public double LearningRate => Optimizer.LearningRateExact;

    public long LastEpoch { get; private protected set; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Step is PyTorch's name and the brief's; no VB consumers.")]
    public virtual void Step(double? metric = null)
    {
        LastEpoch++;
        Optimizer.LearningRateExact = ComputeLearningRate(Optimizer.LearningRateExact);
    }

    /// <summary>The rate for epoch <see cref="LastEpoch"/> (already advanced), given the current rate.</summary>
    private protected abstract double ComputeLearningRate(double current);

    public IReadOnlyDictionary<string, string> SaveState()
    {
        var state = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy"] = Policy,
            ["last_epoch"] = LastEpoch.ToString(CultureInfo.InvariantCulture),
            ["base_lr"] = Format(BaseLearningRate),
            ["lr"] = Format(LearningRate),
        };
        SaveExtra(state);
        return state;
    }

    public void LoadState(IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string policy = Get(state, "policy");
        if (policy != Policy)
            throw new ArgumentException($"The saved learning-rate state is for policy '{policy}' but this scheduler is '{Policy}'; resume with --lr_policy {policy} or start the schedule afresh.", nameof(state));
        long lastEpoch = ParseLong(state, "last_epoch");
        double baseLr = ParseDouble(state, "base_lr");
        double lr = ParseDouble(state, "lr");
        LoadExtra(state);
        LastEpoch = lastEpoch;
        BaseLearningRate = baseLr;
        Optimizer.LearningRateExact = lr;
    }

    private protected virtual void SaveExtra(Dictionary<string, string> state)
    {
    }

    /// <summary>Parses and applies the policy's own entries; must throw before changing anything when one is bad.</summary>
    private protected virtual void LoadExtra(IReadOnlyDictionary<string, string> state)
    {
    }

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private protected static string Get(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out string? value) ? value
            : throw new ArgumentException($"The saved learning-rate state has no '{key}' entry; save it with SaveState().", nameof(state));

    private protected static double ParseDouble(IReadOnlyDictionary<string, string> state, string key) =>
        double.TryParse(Get(state, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
            : throw new ArgumentException($"The saved learning-rate state's '{key}' is '{state[key]}', not a number; the state is damaged.", nameof(state));

    private protected static long ParseLong(IReadOnlyDictionary<string, string> state, string key) =>
        long.TryParse(Get(state, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value
            : throw new ArgumentException($"The saved learning-rate state's '{key}' is '{state[key]}', not an integer; the state is damaged.", nameof(state));
}

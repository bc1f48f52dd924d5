using System.Globalization;

namespace Pix2Pix.Engine.Optim;

/// <summary>
/// <c>plateau</c>: PyTorch's <c>ReduceLROnPlateau(mode='min', factor=0.2, threshold=0.01, patience=5)</c> (relative
/// threshold, no cooldown, min_lr 0, eps 1e-8): a metric counts as better when it is below best · 0.99; after more
/// than 5 epochs without improvement the rate is multiplied by 0.2 (unless the change would be 1e-8 or less).
/// </summary>
internal sealed class PlateauLrScheduler : LrScheduler
{
    private const double Factor = 0.2;
    private const double Threshold = 0.01;
    private const int Patience = 5;
    private const double Eps = 1e-8;

    public PlateauLrScheduler(Adam optimizer)
        : base(optimizer, "plateau")
    {
        LastEpoch = 0;
    }

    /// <summary>The best (lowest) metric so far; +∞ before the first step.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    public int BadEpochs { get; private set; }

    public override void Step(double? metric = null)
    {
        if (metric is not { } current)
            throw new ArgumentNullException(nameof(metric), "--lr_policy plateau needs a metric each epoch (lower is better); pass it to Step, or use another policy.");
        LastEpoch++;
        if (current < Best * (1.0 - Threshold))
        {
            Best = current;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }
        if (BadEpochs > Patience)
        {
            double old = Optimizer.LearningRateExact;
            double reduced = Math.Max(old * Factor, 0);
            if (old - reduced > Eps)
                Optimizer.LearningRateExact = reduced;
            BadEpochs = 0;
        }
    }

    private protected override double ComputeLearningRate(double current) => current;

    private protected override void SaveExtra(Dictionary<string, string> state)
    {
        state["best"] = Format(Best);
        state["num_bad_epochs"] = BadEpochs.ToString(CultureInfo.InvariantCulture);
    }

    private protected override void LoadExtra(IReadOnlyDictionary<string, string> state)
    {
        double best = ParseDouble(state, "best");
        long bad = ParseLong(state, "num_bad_epochs");
        if (bad is < 0 or > Patience)
            throw new ArgumentException($"The saved learning-rate state's 'num_bad_epochs' is {bad}, outside 0..{Patience}; the state is damaged.", nameof(state));
        Best = best;
        BadEpochs = (int)bad;
    }
}

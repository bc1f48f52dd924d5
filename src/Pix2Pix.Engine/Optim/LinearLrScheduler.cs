namespace Pix2Pix.Engine.Optim;

/// <summary>
/// <c>linear</c>: PyTorch's <c>LambdaLR</c> with the reference's rule
/// lr = base · (1 − max(0, epoch + epoch_count − n_epochs) / (n_epochs_decay + 1)).
/// </summary>
internal sealed class LinearLrScheduler : LrScheduler
{
    private readonly int _nEpochs;
    private readonly int _nEpochsDecay;
    private readonly int _epochCount;

    public LinearLrScheduler(Adam optimizer, int nEpochs, int nEpochsDecay, int epochCount)
        : base(optimizer, "linear")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(nEpochsDecay);
        _nEpochs = nEpochs;
        _nEpochsDecay = nEpochsDecay;
        _epochCount = epochCount;
        Step();
    }

    /// <summary>
    /// Puts the schedule at the start of epoch <paramref name="nextEpoch"/> (1-based) under this scheduler's n_epochs and
    /// n_epochs_decay: the rate LambdaLR gives that epoch, as the reference's scheduler would when created with the
    /// continue's flags. With the flags of the saved run, this is the saved rate, bit for bit; with more epochs (a
    /// finished run extended), the decay is spread over the new total from that epoch on.
    /// </summary>
    internal void ContinueAt(int nextEpoch)
    {
        LastEpoch = nextEpoch - _epochCount;
        Optimizer.LearningRateExact = ComputeLearningRate(Optimizer.LearningRateExact);
    }

    private protected override double ComputeLearningRate(double current)
    {
        double factor = 1.0 - Math.Max(0, LastEpoch + _epochCount - _nEpochs) / (double)(_nEpochsDecay + 1);
        return BaseLearningRate * factor;
    }
}

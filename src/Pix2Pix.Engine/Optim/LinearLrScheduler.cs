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

    private protected override double ComputeLearningRate(double current)
    {
        double factor = 1.0 - Math.Max(0, LastEpoch + _epochCount - _nEpochs) / (double)(_nEpochsDecay + 1);
        return BaseLearningRate * factor;
    }
}

namespace Pix2Pix.Engine.Optim;

/// <summary>
/// <c>cosine</c>: PyTorch's <c>CosineAnnealingLR(T_max = n_epochs, eta_min = 0)</c> with its recursive formula
/// (which, unlike the closed form, continues periodically past T_max: down to 0, then back up).
/// </summary>
internal sealed class CosineLrScheduler : LrScheduler
{
    private const double EtaMin = 0;
    private readonly int _tMax;

    public CosineLrScheduler(Adam optimizer, int tMax)
        : base(optimizer, "cosine")
    {
        if (tMax < 1)
            throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "--n_epochs must be 1 or more for --lr_policy cosine (it is the cosine period).");
        _tMax = tMax;
        Step();
    }

    private protected override double ComputeLearningRate(double current)
    {
        long e = LastEpoch;
        if (e == 0)
            return current;
        if ((e - 1 - _tMax) % (2L * _tMax) == 0)
            return current + (BaseLearningRate - EtaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2;
        return (1 + Math.Cos(Math.PI * e / _tMax)) / (1 + Math.Cos(Math.PI * (e - 1) / _tMax)) * (current - EtaMin) + EtaMin;
    }
}

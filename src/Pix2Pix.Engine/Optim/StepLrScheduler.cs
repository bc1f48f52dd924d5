namespace Pix2Pix.Engine.Optim;

/// <summary><c>step</c>: PyTorch's <c>StepLR(step_size = lr_decay_iters, gamma = 0.1)</c> (recursive: lr ← lr · 0.1).</summary>
internal sealed class StepLrScheduler : LrScheduler
{
    private const double Gamma = 0.1;
    private readonly int _stepSize;

    public StepLrScheduler(Adam optimizer, int stepSize)
        : base(optimizer, "step")
    {
        if (stepSize < 1)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "--lr_decay_iters must be 1 or more for --lr_policy step.");
        _stepSize = stepSize;
        Step();
    }

    private protected override double ComputeLearningRate(double current) =>
        LastEpoch == 0 || LastEpoch % _stepSize != 0 ? current : current * Gamma;
}

namespace Pix2Pix.Engine.Modules;

/// <summary>
/// Batch normalization as PyTorch: affine weight (ones) and bias (zeros); running_mean (zeros), running_var (ones)
/// and num_batches_tracked (int64, 0-dim) updated in training with momentum (0.1) and the unbiased variance;
/// evaluation uses the running statistics. State-dict order: weight, bias, running_mean, running_var, num_batches_tracked.
/// </summary>
internal abstract class BatchNormBase : Module
{
    protected BatchNormBase(int numFeatures, float eps, float momentum, bool affine, bool trackRunningStats)
    {
        LayerChecks.Positive(GetType().Name, (nameof(numFeatures), numFeatures));
        if (!(eps > 0f) || !(momentum >= 0f && momentum <= 1f))
            throw new ArgumentException($"{GetType().Name}: eps ({eps}) must be positive and momentum ({momentum}) between 0 and 1.", nameof(eps));
        (NumFeatures, Eps, Momentum) = (numFeatures, eps, momentum);
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
            Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", new Int64Tensor([0L]));
        }
    }

    public int NumFeatures { get; }

    public float Eps { get; }

    public float Momentum { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    public Tensor? RunningMean { get; }

    public Tensor? RunningVar { get; }

    public Int64Tensor? NumBatchesTracked { get; }

    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={PyFloat(Eps)}, momentum={PyFloat(Momentum)}, affine={PyBool(Weight is not null)}, track_running_stats={PyBool(RunningMean is not null)}";

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        if (IsTraining && NumBatchesTracked is not null)
            NumBatchesTracked.Data[0]++;
        return Functional.BatchNorm(input, Weight, Bias, RunningMean, RunningVar, IsTraining, Momentum, Eps);
    }

    protected abstract void CheckInput(Tensor input);
}

/// <summary>Batch norm over [N, C, H, W] per channel (PyTorch's <c>nn.BatchNorm2d</c>).</summary>
internal sealed class BatchNorm2d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4 || input.Dim(1) != NumFeatures)
            throw new ArgumentException($"BatchNorm2d({NumFeatures}) expects [N, {NumFeatures}, H, W] but got {Tensor.ShapeString(input.Shape)}.", nameof(input));
    }
}

/// <summary>Batch norm over [N, C] or [N, C, L] per channel (PyTorch's <c>nn.BatchNorm1d</c>).</summary>
internal sealed class BatchNorm1d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (2 or 3) || input.Dim(1) != NumFeatures)
            throw new ArgumentException($"BatchNorm1d({NumFeatures}) expects [N, {NumFeatures}] or [N, {NumFeatures}, L] but got {Tensor.ShapeString(input.Shape)}.", nameof(input));
    }
}

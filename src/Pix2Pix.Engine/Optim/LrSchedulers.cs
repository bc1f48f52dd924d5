namespace Pix2Pix.Engine.Optim;

/// <summary>Creates the scheduler for a <c>--lr_policy</c> name, as the reference's <c>networks.get_scheduler</c>.</summary>
internal static class LrSchedulers
{
    /// <summary>The policy names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Policies { get; } = ["linear", "step", "plateau", "cosine"];

    /// <summary>
    /// A scheduler for <paramref name="optimizer"/>; the optimizer's current rate is the base rate. The
    /// <c>linear</c>, <c>step</c> and <c>cosine</c> policies apply epoch 0's rate at once (as PyTorch does on
    /// construction), so with <c>--epoch_count</c> past <c>--n_epochs</c> the rate starts already decayed.
    /// </summary>
    public static ILrScheduler Create(string policy, Adam optimizer, LrScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new LrScheduleOptions();
        return policy switch
        {
            "linear" => new LinearLrScheduler(optimizer, options.NEpochs, options.NEpochsDecay, options.EpochCount),
            "step" => new StepLrScheduler(optimizer, options.LrDecayIters),
            "plateau" => new PlateauLrScheduler(optimizer),
            "cosine" => new CosineLrScheduler(optimizer, options.NEpochs),
            _ => throw new ArgumentException($"Unknown learning-rate policy '{policy}'; use one of: {string.Join(", ", Policies)}.", nameof(policy)),
        };
    }
}

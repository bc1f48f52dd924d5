namespace Pix2Pix.Engine.Optim;

/// <summary>The reference's schedule options, with its defaults (<c>--n_epochs 100 --n_epochs_decay 100 --lr_decay_iters 50 --epoch_count 1</c>).</summary>
internal sealed record LrScheduleOptions
{
    /// <summary>Epochs at the initial rate (<c>linear</c>); the period T_max of <c>cosine</c>.</summary>
    public int NEpochs { get; init; } = 100;

    /// <summary>Epochs of linear decay to zero (<c>linear</c>).</summary>
    public int NEpochsDecay { get; init; } = 100;

    /// <summary>Multiply by 0.1 every this many epochs (<c>step</c>).</summary>
    public int LrDecayIters { get; init; } = 50;

    /// <summary>The starting epoch count (<c>linear</c>: resumed runs start later in the schedule).</summary>
    public int EpochCount { get; init; } = 1;
}

namespace Pix2Pix.Engine.Optim;

/// <summary>
/// A learning-rate policy stepped once per epoch, as the reference's <c>update_learning_rate</c> does. It writes the
/// new rate into its optimizer's <see cref="Adam.LearningRate"/>. Values follow PyTorch's schedulers step by step
/// (double precision, the same recursive formulas).
/// </summary>
internal interface ILrScheduler
{
    /// <summary>The policy name: <c>linear</c>, <c>step</c>, <c>plateau</c> or <c>cosine</c>.</summary>
    string Policy { get; }

    /// <summary>The current learning rate at double precision (PyTorch's <c>param_groups[0]['lr']</c>).</summary>
    double LearningRate { get; }

    /// <summary>Epochs stepped so far (PyTorch's <c>last_epoch</c>).</summary>
    long LastEpoch { get; }

    /// <summary>Advances one epoch. <paramref name="metric"/> is required by <c>plateau</c> (lower is better) and ignored by the others.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Step is PyTorch's name and the brief's; no VB consumers.")]
    void Step(double? metric = null);

    /// <summary>The scheduler's state as strings (doubles in round-trip form), e.g. for a checkpoint's metadata.</summary>
    IReadOnlyDictionary<string, string> SaveState();

    /// <summary>Restores a state from <see cref="SaveState"/> and sets the optimizer's learning rate to the saved one.</summary>
    void LoadState(IReadOnlyDictionary<string, string> state);
}

using System.Globalization;
using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Training;

/// <summary>A training run stopped because a loss, weight or optimizer moment became NaN or infinite.</summary>
internal sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// Stops a diverging run before it is saved (issue 15): the losses are checked after every step (a few floats), the
/// weights, Adam moments and everything else in the training state before every save. A bad value stops the run with
/// the step, the loss or tensor, and what to try; nothing is written, so the last good checkpoint stays.
/// </summary>
internal sealed class DivergenceGuard(string runDirectory, float learningRate)
{
    public void CheckLosses(IReadOnlyList<KeyValuePair<string, float>> losses, int epoch, int batch, long totalIters)
    {
        foreach (var (name, value) in losses)
        {
            if (!float.IsFinite(value))
                throw Diverged(epoch, batch, totalIters, $"the loss {name} is {Show(value)}");
        }
    }

    /// <summary>Checks a training state (networks, optimizers) before it is saved as <paramref name="label"/>.</summary>
    public void CheckState(StateDict state, string label, int epoch, int batch, long totalIters)
    {
        if (NonFinite.Find(state) is { } finding)
            throw Diverged(epoch, batch, totalIters, $"before saving '{label}', {finding.Describe()}");
    }

    private TrainingDivergedException Diverged(int epoch, int batch, long totalIters, string what)
    {
        string lr = learningRate.ToString("G", CultureInfo.InvariantCulture);
        string smaller = (learningRate / 10f).ToString("G", CultureInfo.InvariantCulture);
        return new TrainingDivergedException(
            $"Training diverged at epoch {epoch}, batch {batch} ({totalIters} images seen): {what}. "
            + $"The run stopped without saving, so the checkpoints in {runDirectory} are still those of the last good save. "
            + $"Try a smaller learning rate (this run: --lr {lr}; try --lr {smaller}, the reference uses 0.0002) and train again.");
    }

    private static string Show(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
}

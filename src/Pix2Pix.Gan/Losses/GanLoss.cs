using Pix2Pix.Engine;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Losses;

/// <summary>
/// The reference's <c>GANLoss</c>: the discriminator's raw output (logits, no sigmoid) against the label
/// "real" (1) or "fake" (0). vanilla = BCE with logits, lsgan = MSE, wgangp = ∓mean(prediction).
/// </summary>
internal sealed class GanLoss
{
    public static readonly string[] Modes = ["vanilla", "lsgan", "wgangp"];

    public GanLoss(string mode)
    {
        if (!Modes.Contains(mode))
            throw new ArgumentException($"--gan_mode {mode} is not known; use one of: {string.Join(", ", Modes)}.", nameof(mode));
        Mode = mode;
    }

    public string Mode { get; }

    public Tensor Compute(Tensor prediction, bool targetIsReal) => Mode switch
    {
        "vanilla" => F.BceWithLogits(prediction, targetIsReal ? 1f : 0f),
        "lsgan" => F.MseLoss(prediction, targetIsReal ? 1f : 0f),
        _ => targetIsReal ? F.Neg(F.Mean(prediction)) : F.Mean(prediction),
    };
}

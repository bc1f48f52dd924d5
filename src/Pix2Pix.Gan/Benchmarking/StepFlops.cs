namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// The convolution FLOPs of one benchmark step, from the forward FLOPs of G and D (see <see cref="ShapeWalk"/>).
/// A backward pass through a convolution costs one forward for the input gradient ("data grad") and one for the
/// weight gradient. One pix2pix training step (<c>OptimizeParameters</c>) then does:
/// <list type="bullet">
/// <item>G: one forward, and in the G update a backward with data and weight gradients → 3 × G.</item>
/// <item>D: three forwards (fake and real for the D update, fake again for the G update); the D update backpropagates
/// both through data and weights (2 × 2), the G update through D's data only (D is frozen, 1) → 3 + 4 + 1 = 8 × D.</item>
/// </list>
/// Inference is one G forward. GFLOP/s = these FLOPs / the median step time. Bias, normalisation, activation, loss and
/// optimizer work is not counted, so the figure is a lower bound of the arithmetic done.
/// </summary>
internal static class StepFlops
{
    public const int GeneratorTrainingFactor = 3;
    public const int DiscriminatorTrainingFactor = 8;

    /// <summary>FLOPs of one training step: 3 × G forward + 8 × D forward.</summary>
    public static long Training(long generatorForward, long discriminatorForward) =>
        checked(GeneratorTrainingFactor * generatorForward + DiscriminatorTrainingFactor * discriminatorForward);

    /// <summary>
    /// FLOPs of one CycleGAN training step from one generator's and one discriminator's forward FLOPs (G_A and G_B, D_A
    /// and D_B have the same architecture when input_nc = output_nc): the generators run 4 passes (6 with the identity
    /// loss), each backpropagated through data and weights (× 3); the discriminators run 2 forwards with a data-only
    /// backward in the G update (2 × 2) and 4 forwards with data and weight gradients in the D update (4 × 3) → 16 × D.
    /// </summary>
    public static long CycleGanTraining(long generatorForward, long discriminatorForward, bool identityLoss) =>
        checked((identityLoss ? 18 : 12) * generatorForward + 16 * discriminatorForward);

    /// <summary>FLOPs of one inference step: the G forward.</summary>
    public static long Inference(long generatorForward) => generatorForward;
}

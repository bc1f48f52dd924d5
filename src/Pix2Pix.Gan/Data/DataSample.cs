using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// One data point as the reference's datasets return it: A and B as [C, H, W] tensors in [−1, 1] (for
/// colorization: A = L/50 − 1, B = ab/110) and the files they came from. <see cref="B"/> is null for the single mode.
/// </summary>
public sealed record DataSample(Tensor A, Tensor? B, string APath, string? BPath)
{
    /// <summary>The generator's input under <paramref name="direction"/> (the reference's <c>real_A</c>).</summary>
    public Tensor Input(Direction direction) =>
        direction == Direction.AtoB ? A : B ?? throw new InvalidOperationException("This sample has no B image, so --direction BtoA cannot be used with it.");

    /// <summary>The target under <paramref name="direction"/> (the reference's <c>real_B</c>), null for single.</summary>
    public Tensor? Target(Direction direction) => direction == Direction.AtoB ? B : A;
}

using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// One data point as the reference's datasets return it: A and B as [C, H, W] tensors in [−1, 1] (for
/// colorization: A = L/50 − 1, B = ab/110) and the files they came from. <see cref="B"/> is null for the single mode.
/// </summary>
internal sealed record DataSample(Tensor A, Tensor? B, string APath, string? BPath)
{
    /// <summary>
    /// The generator's input under <paramref name="direction"/> (the reference's <c>real_A</c>): A for AtoB, B for
    /// BtoA. Without B (single mode) it is always A, as the reference's test model reads <c>input['A']</c>.
    /// </summary>
    public Tensor Input(Direction direction) => direction == Direction.AtoB || B is null ? A : B;

    /// <summary>The target under <paramref name="direction"/> (the reference's <c>real_B</c>); null without B (single mode).</summary>
    public Tensor? Target(Direction direction) => B is null ? null : direction == Direction.AtoB ? B : A;
}

using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model cgan</c>: the conditional GAN on MNIST (GANS.md §2): the digit's one-hot label is concatenated to z for G and to the flattened image for D.
/// The training step is <see cref="LatentGanModel"/>'s.
/// </summary>
internal sealed partial class ConditionalGanModel : LatentGanModel
{
    public ConditionalGanModel(TrainOptions opt, ulong seed, bool train = true)
        : base(opt, seed, train)
    {
    }

    public override bool Conditional => true;
}

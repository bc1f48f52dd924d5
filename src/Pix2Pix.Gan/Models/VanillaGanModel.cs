using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model gan</c>: the fully connected GAN on MNIST (GANS.md §1): G and D of linear layers, z of 64.
/// The training step is <see cref="LatentGanModel"/>'s.
/// </summary>
internal sealed partial class VanillaGanModel : LatentGanModel
{
    public VanillaGanModel(TrainOptions opt, ulong seed, bool train = true)
        : base(opt, seed, train)
    {
    }

    public override bool Conditional => false;
}

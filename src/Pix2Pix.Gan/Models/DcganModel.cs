using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// <c>--model dcgan</c>: the DCGAN (GANS.md §3): a transposed-convolution G and a convolutional D, chosen with --netG/--netD (dcgan_mnist).
/// The training step is <see cref="LatentGanModel"/>'s.
/// </summary>
internal sealed partial class DcganModel : LatentGanModel
{
    public DcganModel(TrainOptions opt, ulong seed, bool train = true)
        : base(opt, seed, train)
    {
    }

    public override bool Conditional => false;
}

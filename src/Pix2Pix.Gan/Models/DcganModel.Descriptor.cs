namespace Pix2Pix.Gan.Models;

/// <summary>
/// dcgan's registration (GANS.md §3, <c>--netG/--netD dcgan_mnist</c>): z 100, Adam with PyTorch's default settings
/// (lr 1e-3, betas (0.9, 0.999)), 50 epochs; the write-up gives no batch size, 128 is ours.
/// </summary>
public sealed partial class DcganModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "dcgan",
        Build = (options, seed) => new DcganModel(LatentGanDefaults.Training(options, "dcgan"), seed, options.IsTrain),
        DatasetMode = "mnist",
        Flags = [ZDimFlag],
        Defaults = LatentGanDefaults.For("dcgan_mnist", zDim: 100, lr: 1e-3f, beta1: 0.9f, batchSize: 128, epochs: 50),
        Check = CheckOptions,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };
}

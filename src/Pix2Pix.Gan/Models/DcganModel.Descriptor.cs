namespace Pix2Pix.Gan.Models;

/// <summary>
/// dcgan's registration. Defaults are version A's (GANS.md §3, <c>--netG/--netD dcgan_mnist</c>): z 100, Adam with
/// PyTorch's default settings (lr 1e-3, betas (0.9, 0.999)), 50 epochs; the write-up gives no batch size, 128 is ours.
/// Version B (§4): <c>--netG dcgan_mnist32 --netD dcgan_mnist32 --crop_size 32</c> (digits padded to 32×32). The 64×64
/// network of pytorch/examples (§5): <c>--netG dcgan_64 --netD dcgan_64 --dataset_mode single --dataroot IMAGES
/// --input_nc 3 --output_nc 3 --preprocess resize_and_crop --load_size 64 --crop_size 64 --lr 0.0002 --beta1 0.5 --batch_size 64</c> (its
/// settings; the example's loss sums D's two terms, ours halves them as the MNIST write-ups do).
/// </summary>
internal sealed partial class DcganModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "dcgan",
        Build = (options, seed) => new DcganModel(LatentGanDefaults.Training(options, "dcgan"), seed, options.IsTrain),
        DatasetMode = "mnist",
        Flags = [ZDimFlag],
        Defaults = LatentGanDefaults.For("dcgan_mnist", zDim: 100, lr: 1e-3f, beta1: 0.9f, batchSize: 128, epochs: 50),
        Check = o => CheckOptions(o, conditional: false),
        BenchesNoiseSteps = true,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };
}

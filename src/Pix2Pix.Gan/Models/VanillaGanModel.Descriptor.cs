namespace Pix2Pix.Gan.Models;

/// <summary>
/// gan's registration: the write-up's settings (GANS.md §1) as defaults — z 64, Adam lr 3e-4 with PyTorch's default
/// betas (0.9, 0.999), batch 32, 100 epochs at a constant rate, MNIST.
/// </summary>
internal sealed partial class VanillaGanModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "gan",
        Build = (options, seed) => new VanillaGanModel(LatentGanDefaults.Training(options, "gan"), seed, options.IsTrain),
        DatasetMode = "mnist",
        Flags = [ZDimFlag],
        Defaults = LatentGanDefaults.For("gan_mnist", zDim: 64, lr: 3e-4f, beta1: 0.9f, batchSize: 32, epochs: 100),
        Check = o => CheckOptions(o, conditional: false),
        BenchesNoiseSteps = true,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };
}

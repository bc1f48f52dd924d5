namespace Pix2Pix.Gan.Models;

/// <summary>
/// cgan's registration (GANS.md §2): Adam with PyTorch's default betas for both nets; z 100, lr 2e-4, batch 64 and
/// 200 epochs are the original code's (eriklindernoren/PyTorch-GAN cgan), which the write-up does not restate.
/// </summary>
internal sealed partial class ConditionalGanModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "cgan",
        Build = (options, seed) => new ConditionalGanModel(LatentGanDefaults.Training(options, "cgan"), seed, options.IsTrain),
        DatasetMode = "mnist",
        Flags = [ZDimFlag, NumClassesFlag],
        Defaults = LatentGanDefaults.For("cgan_mnist", zDim: 100, lr: 2e-4f, beta1: 0.9f, batchSize: 64, epochs: 200),
        Check = o => CheckOptions(o, conditional: true),
        BenchesNoiseSteps = true,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };
}

using Pix2Pix.Gan.Benchmarking;

namespace Pix2Pix.Gan.Models;

/// <summary>Colorization's registration: pix2pix's flags, from L (1 channel) to ab (2 channels) on RGB images.</summary>
internal sealed partial class ColorizationModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "colorization",
        Build = (options, seed) => new ColorizationModel(options, seed),
        DatasetMode = "colorization",
        Flags = [Pix2PixModel.LambdaL1Flag],
        Defaults = new Dictionary<string, object>
        {
            ["netG"] = "unet_256", ["norm"] = "batch", ["gan_mode"] = "vanilla", ["pool_size"] = 0, ["input_nc"] = 1, ["output_nc"] = 2,
        },
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.InputAndOutput)],
        VisualNames = ["real_A", "real_B_rgb", "fake_B_rgb"],
        TrainingFlops = (_, g, d) => StepFlops.Training(g, d),
        BenchesInference = true,
    };
}

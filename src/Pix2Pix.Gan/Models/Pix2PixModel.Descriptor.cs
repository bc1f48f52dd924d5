using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>pix2pix's registration: its flag (<c>lambda_L1</c>), its defaults and its networks.</summary>
internal sealed partial class Pix2PixModel
{
    /// <summary><c>--lambda_L1</c>: the weight λ of L1(G(A), B) in G's objective.</summary>
    public static ModelFlag<float> LambdaL1Flag { get; } = new("lambda_L1", 100f, "weight for L1 loss (pix2pix)");

    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "pix2pix",
        Build = (options, seed) => new Pix2PixModel(options, seed),
        DatasetMode = "aligned",
        Flags = [LambdaL1Flag],
        Defaults = new Dictionary<string, object> { ["netG"] = "unet_256", ["norm"] = "batch", ["gan_mode"] = "vanilla", ["pool_size"] = 0 },
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.InputAndOutput)],
        VisualNames = ["real_A", "fake_B", "real_B"],
        TrainingFlops = (_, g, d) => StepFlops.Training(g, d),
        BenchesInference = true,
    };
}

/// <summary>pix2pix's flags as typed properties of the training options (<c>options.LambdaL1</c>).</summary>
internal static class Pix2PixFlags
{
    extension(TrainOptions options)
    {
        public float LambdaL1
        {
            get => Pix2PixModel.LambdaL1Flag.Get(options);
            set => Pix2PixModel.LambdaL1Flag.Set(options, value);
        }
    }
}

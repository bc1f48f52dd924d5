using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// wgangp's registration (GANS.md §6): Adam lr 1e-4, betas (0, 0.9), λ = 10 (<c>--lambda_gp</c>), 5 critic steps per G step
/// (<c>--n_critic</c>), batch 64; G is dcgan_mnist's, the critic <c>wgangp_mnist</c> (dcgan_mnist's D with
/// InstanceNorm2d(affine) instead of BatchNorm2d and no sigmoid: the penalty is per sample, which batch norm would break).
/// </summary>
internal sealed partial class WganGpModel
{
    /// <summary><c>--lambda_gp</c> (declared here; pix2pix and cycle_gan read it under <c>--gan_mode wgangp</c>).</summary>
    public static ModelFlag<float> LambdaGpFlag => GradientPenalty.LambdaFlag;

    public static ModelFlag<int> NCriticFlag { get; } = new("n_critic", 5, "critic (D) updates per generator update (--model wgangp)");

    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "wgangp",
        Build = (options, seed) => new WganGpModel(LatentGanDefaults.Training(options, "wgangp"), seed, options.IsTrain),
        DatasetMode = "mnist",
        Flags = [ZDimFlag, LambdaGpFlag, NCriticFlag],
        Defaults = Defaults(),
        Check = Check,
        BenchesNoiseSteps = true,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };

    private static Dictionary<string, object> Defaults()
    {
        var d = LatentGanDefaults.For(DcganMnist.Generator.Name, zDim: 100, lr: 1e-4f, beta1: 0f, batchSize: 64, epochs: 50);
        d["netD"] = WganGpCritic.Critic.Name;
        d["gan_mode"] = "wgangp";
        return d;
    }

    private static void Check(BaseOptions options)
    {
        CheckOptions(options, conditional: false);
        if (options is TrainOptions train)
        {
            if (NCriticFlag.Get(train) < 1)
                throw new ArgumentException($"--n_critic {NCriticFlag.Get(train)} must be 1 or more (WGAN-GP uses 5).");
            if (LambdaGpFlag.Get(train) < 0)
                throw new ArgumentException($"--lambda_gp {LambdaGpFlag.Get(train)} must be 0 or more (WGAN-GP uses 10).");
        }
    }
}

using Pix2Pix.Gan.Losses;
using Pix2Pix.Gan.Networks.Progressive;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// progan's registration, with pytorch_GAN_zoo's defaults (<c>models/trainer/standard_configurations/pgan_config.py</c>):
/// latent 512, depths 512,512,512,512,256,128,64,32,16, 48000 then 96000 iterations per scale, alpha faded over 600
/// jumps of 32 iterations, batch 16, Adam lr 0.001 betas (0, 0.99), λ = 10, ε_D = 0.001, minibatch standard deviation,
/// equalized learning rate, pixel norm, WGANGP loss. The number of scales follows <c>--crop_size</c> (4, 8, …, 128 …).
/// </summary>
internal sealed partial class ProganModel
{
    /// <summary>The shared <c>--z_dim</c> (the zoo's <c>dimLatentVector</c>; 512 by default here).</summary>
    public static ModelFlag<int> ZDimFlag => LatentGanModel.ZDimFlag;

    /// <summary>The shared <c>--lambda_gp</c> (the zoo's <c>lambdaGP</c>).</summary>
    public static ModelFlag<float> LambdaGpFlag => GradientPenalty.LambdaFlag;

    public static ModelFlag<string> DepthScalesFlag { get; } = new("depth_scales", "512,512,512,512,256,128,64,32,16",
        "progan: channels of each scale's layers, 4x4 first (pytorch_GAN_zoo's depthScales); the first log2(crop_size/4)+1 are used");

    public static ModelFlag<string> MaxIterAtScaleFlag { get; } = new("max_iter_at_scale", "48000,96000,96000,96000,96000,96000,96000,96000,200000",
        "progan: training iterations (batches) at each scale (maxIterAtScale)");

    public static ModelFlag<string> AlphaNJumpsFlag { get; } = new("alpha_n_jumps", "0,600,600,600,600,600,1200,1200,1200",
        "progan: how many times alpha is lowered while a new scale fades in, per scale (alphaNJumps; scale 0 never fades)");

    public static ModelFlag<string> AlphaSizeJumpsFlag { get; } = new("alpha_size_jumps", "0,32,32,32,32,32,32,32,32,32",
        "progan: iterations between two alpha updates, per scale (alphaSizeJumps)");

    public static ModelFlag<float> EpsilonDFlag { get; } = new("epsilon_d", 0.001f,
        "progan: weight of the drift term epsilon_D * sum D(x)^2 on real images (epsilonD)");

    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "progan",
        Build = (options, seed) => new ProganModel(LatentGanDefaults.Training(options, "progan"), seed, options.IsTrain),
        DatasetMode = "single",
        Flags = [ZDimFlag, LambdaGpFlag, DepthScalesFlag, MaxIterAtScaleFlag, AlphaNJumpsFlag, AlphaSizeJumpsFlag, EpsilonDFlag],
        Defaults = new Dictionary<string, object>
        {
            ["netG"] = ProgressiveNetworkDescriptors.Generator.Name, ["netD"] = ProgressiveNetworkDescriptors.Discriminator.Name,
            ["z_dim"] = 512, ["lr"] = 0.001f, ["beta1"] = 0f, ["batch_size"] = 16, ["gan_mode"] = "wgangp", ["pool_size"] = 0,
            ["input_nc"] = 3, ["output_nc"] = 3, ["crop_size"] = 128, ["load_size"] = 128, ["preprocess"] = "resize_and_crop",
            ["no_flip"] = true, ["n_epochs"] = 1, ["n_epochs_decay"] = 0, ["norm"] = "none",
        },
        Check = Check,
        Networks = [NetworkSlot.Generator("G"), NetworkSlot.Discriminator("D", Channels.Input)],
        VisualNames = ["real", "fake"],
    };

    /// <summary>The schedule the flags describe, for the scales <c>--crop_size</c> needs.</summary>
    public static ProganSchedule ScheduleOf(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int scales = ProganSchedule.ScalesFor(options.CropSize)
            ?? throw new ArgumentException($"--model progan grows from 4x4 by doubling, so --crop_size must be 4, 8, 16, 32, 64, 128, 256, 512 or 1024; got {options.CropSize}."
                + (options.DatasetMode == "mnist" ? " MNIST digits are padded to --crop_size: use 32." : ""));
        var depths = ProganSchedule.ParseList(DepthScalesFlag.Get(options), DepthScalesFlag.Flag, allowZero: false);
        var iters = ProganSchedule.ParseList(MaxIterAtScaleFlag.Get(options), MaxIterAtScaleFlag.Flag, allowZero: false);
        var jumps = ProganSchedule.ParseList(AlphaNJumpsFlag.Get(options), AlphaNJumpsFlag.Flag, allowZero: true);
        var sizes = ProganSchedule.ParseList(AlphaSizeJumpsFlag.Get(options), AlphaSizeJumpsFlag.Flag, allowZero: true);
        foreach (var (list, flag) in new[] { (depths, DepthScalesFlag.Flag), (iters, MaxIterAtScaleFlag.Flag), (jumps, AlphaNJumpsFlag.Flag), (sizes, AlphaSizeJumpsFlag.Flag) })
        {
            if (list.Count < scales)
                throw new ArgumentException($"--{flag} gives {list.Count} value(s) but --crop_size {options.CropSize} needs {scales} scales (4x4 to {options.CropSize}x{options.CropSize}); give one per scale.");
        }
        for (int s = 1; s < scales; s++)
        {
            if (jumps[s] > 0 && sizes[s] == 0)
                throw new ArgumentException($"--alpha_size_jumps is 0 at scale {s} while --alpha_n_jumps asks for {jumps[s]} updates; give the iterations between two updates.");
        }
        if (depths.Take(scales).Any(d => d > 4096))
            throw new ArgumentException($"--depth_scales {DepthScalesFlag.Get(options)}: depths above 4096 are not supported.");
        return new ProganSchedule([.. depths.Take(scales).Select(d => (int)d)], [.. iters.Take(scales)],
            [.. jumps.Take(scales).Select(j => (int)j)], [.. sizes.Take(scales).Select(j => (int)j)]);
    }

    private static void Check(BaseOptions options)
    {
        if (options is not TrainOptions train)
            return;
        _ = ScheduleOf(train);
        if (options.NetG != ProgressiveNetworkDescriptors.Generator.Name || options.NetD != ProgressiveNetworkDescriptors.Discriminator.Name)
            throw new ArgumentException($"--model progan builds pytorch_GAN_zoo's progressive networks itself (--netG progan --netD progan); --netG {options.NetG} --netD {options.NetD} cannot grow. Leave them out.");
        if (options.InputNc != options.OutputNc)
            throw new ArgumentException($"--model progan judges the images it makes: --input_nc {options.InputNc} and --output_nc {options.OutputNc} must be equal (3 for RGB, 1 for MNIST).");
        if (options.DatasetMode != "mnist" && options.Preprocess is not ("resize_and_crop" or "crop" or "scale_width_and_crop"))
            throw new ArgumentException($"--model progan needs every real image {options.CropSize}x{options.CropSize}, which --preprocess {options.Preprocess} does not make; use --preprocess resize_and_crop --load_size {options.CropSize} --crop_size {options.CropSize}.");
        if (ZDimFlag.Get(train) is < 1 or > 4096)
            throw new ArgumentException($"--z_dim {ZDimFlag.Get(train)} is out of range; use 1 to 4096 (pytorch_GAN_zoo uses 512).");
    }
}

using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>CycleGAN's registration: its flags (<c>lambda_A</c>, <c>lambda_B</c>, <c>lambda_identity</c>) and its four networks.</summary>
internal sealed partial class CycleGanModel
{
    public static ModelFlag<float> LambdaAFlag { get; } = new("lambda_A", 10f, "weight for cycle loss (A -> B -> A) (cycle_gan)");

    public static ModelFlag<float> LambdaBFlag { get; } = new("lambda_B", 10f, "weight for cycle loss (B -> A -> B) (cycle_gan)");

    public static ModelFlag<float> LambdaIdentityFlag { get; } = new("lambda_identity", 0.5f, "weight of the identity mapping loss, relative to lambda_A/B (cycle_gan)");

    /// <summary>The base flags' defaults are CycleGAN's (resnet_9blocks, instance norm, lsgan, pool 50, unaligned).</summary>
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "cycle_gan",
        Build = (options, seed) => new CycleGanModel(options, seed),
        DatasetMode = "unaligned",
        Flags = [LambdaAFlag, LambdaBFlag, LambdaIdentityFlag],
        Fixed = new Dictionary<string, object> { ["no_dropout"] = true },
        Networks =
        [
            NetworkSlot.Generator("G_A", direction: "AtoB"), NetworkSlot.Generator("G_B", reversed: true, direction: "BtoA"),
            NetworkSlot.Discriminator("D_A", Channels.Output), NetworkSlot.Discriminator("D_B", Channels.Input),
        ],
        VisualNames = ["real_A", "fake_B", "rec_A", "real_B", "fake_A", "rec_B"],
        TrainingFlops = (options, g, d) => StepFlops.CycleGanTraining(g, d, LambdaIdentityFlag.Get(options) > 0),
    };
}

/// <summary>CycleGAN's flags as typed properties of the training options.</summary>
internal static class CycleGanFlags
{
    extension(TrainOptions options)
    {
        public float LambdaA
        {
            get => CycleGanModel.LambdaAFlag.Get(options);
            set => CycleGanModel.LambdaAFlag.Set(options, value);
        }

        public float LambdaB
        {
            get => CycleGanModel.LambdaBFlag.Get(options);
            set => CycleGanModel.LambdaBFlag.Set(options, value);
        }

        public float LambdaIdentity
        {
            get => CycleGanModel.LambdaIdentityFlag.Get(options);
            set => CycleGanModel.LambdaIdentityFlag.Set(options, value);
        }
    }
}

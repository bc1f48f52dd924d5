using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// Everything the toolkit needs to know about a <c>--model</c> besides its code (the reference's
/// <c>modify_commandline_options</c>, typed): its own flags, the defaults it gives other flags, its dataset mode, its
/// networks and visuals, and how to build it. The CLI, options, summary, bench and translate read it; see
/// <see cref="ModelRegistry"/>.
/// </summary>
internal sealed class ModelDescriptor
{
    private static readonly IReadOnlyDictionary<string, object> None = new Dictionary<string, object>();

    /// <summary>The <c>--model</c> name.</summary>
    public required string Name { get; init; }

    /// <summary>Builds the model: training options give a trainable model (with discriminators and optimizers), others a test-time one.</summary>
    public required Func<BaseOptions, ulong, GanModel> Build { get; init; }

    /// <summary>The <c>--dataset_mode</c> this model reads unless told otherwise.</summary>
    public required string DatasetMode { get; init; }

    /// <summary>Training flags of this model, with their defaults (<c>lambda_L1</c>); shared ones may appear in several models.</summary>
    public IReadOnlyList<ModelFlag> Flags { get; init; } = [];

    /// <summary>Values for other flags when the user did not give them (pix2pix: netG unet_256, norm batch, …).</summary>
    public IReadOnlyDictionary<string, object> Defaults { get; init; } = None;

    /// <summary>Values set even when given (CycleGAN always runs without dropout).</summary>
    public IReadOnlyDictionary<string, object> Fixed { get; init; } = None;

    /// <summary>The networks, by checkpoint name, in the order the model adds them.</summary>
    public IReadOnlyList<NetworkSlot> Networks { get; init; } = [];

    /// <summary>The images a test run shows, in the reference's order.</summary>
    public IReadOnlyList<string> VisualNames { get; init; } = [];

    /// <summary>Checks of flag combinations only this model has (e.g. a --netG of the noise models); throws saying what to change.</summary>
    public Action<BaseOptions>? Check { get; init; }

    /// <summary>Non-null for a model that cannot be trained: the message that says so and what to train instead.</summary>
    public string? TrainingRefusal { get; init; }

    /// <summary>
    /// The convolution FLOPs of one training step from one generator's and one discriminator's forward FLOPs (see
    /// <see cref="Benchmarking.StepFlops"/>); null when <c>pix2pix bench</c> cannot time this model.
    /// </summary>
    public Func<TrainOptions, long, long, long>? TrainingFlops { get; init; }

    /// <summary>
    /// Whether <c>pix2pix bench</c> times this noise model's training steps (gan, cgan, dcgan, wgangp): steps per second
    /// only, since their linear layers and penalty are not in the convolution FLOP count.
    /// </summary>
    public bool BenchesNoiseSteps { get; init; }

    /// <summary>Whether <c>pix2pix bench --phase inference</c> can time this model's generator.</summary>
    public bool BenchesInference { get; init; }

    public IEnumerable<NetworkSlot> Generators => Networks.Where(n => n.Kind == NetworkKind.Generator);

    public IEnumerable<NetworkSlot> Discriminators => Networks.Where(n => n.Kind == NetworkKind.Discriminator);

    /// <summary>The generator that translates in <paramref name="direction"/> (AtoB or BtoA); the only one for most models.</summary>
    public NetworkSlot GeneratorFor(string direction) =>
        Generators.FirstOrDefault(g => g.Direction == direction) ?? Generators.First();

    /// <summary>Applies <see cref="DatasetMode"/> and <see cref="Defaults"/> to the flags not <paramref name="given"/>, then <see cref="Fixed"/>.</summary>
    public void ApplyDefaults(BaseOptions options, ISet<string> given)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(given);
        foreach (var spec in options.Specs)
        {
            if (Fixed.TryGetValue(spec.Flag, out var value))
                spec.Set(options, value);
            else if (given.Contains(spec.Flag))
                continue;
            else if (Defaults.TryGetValue(spec.Flag, out value))
                spec.Set(options, value);
            else if (spec.Flag == "dataset_mode")
                spec.Set(options, DatasetMode);
        }
    }
}

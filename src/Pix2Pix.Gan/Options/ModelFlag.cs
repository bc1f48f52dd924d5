namespace Pix2Pix.Gan.Options;

/// <summary>
/// A training flag that a model declares for itself (the reference's <c>modify_commandline_options</c>): pix2pix's
/// <c>lambda_L1</c>, CycleGAN's <c>lambda_A</c>. Its value lives on the <see cref="TrainOptions"/>; its
/// <see cref="Spec"/> joins the flag table, so the CLI, options.json and train_opt.txt carry it like any other flag.
/// </summary>
internal abstract class ModelFlag
{
    private protected ModelFlag(string flag) => Flag = flag;

    /// <summary>The flag without dashes, as the reference spells it.</summary>
    public string Flag { get; }

    public abstract OptionSpec Spec { get; }
}

/// <summary>A model's flag of type <typeparamref name="T"/> with its default.</summary>
internal sealed class ModelFlag<T> : ModelFlag
    where T : notnull
{
    /// <param name="range">What the flag accepts; by default a float is a finite weight from 0 to 1e6, an int 1 to 1e6.</param>
    public ModelFlag(string flag, T defaultValue, string help, OptionRange? range = null)
        : base(flag)
    {
        Default = defaultValue;
        Spec = new OptionSpec(flag, help, typeof(T), o => Get((TrainOptions)o), (o, v) => Set((TrainOptions)o, (T)v), null)
        {
            Range = range ?? (defaultValue is float or double ? OptionRange.Between(0.0, 1e6)
                : defaultValue is int ? OptionRange.Between(1, 1_000_000)
                : defaultValue is string ? OptionRange.AnyText
                : null),
        };
    }

    public T Default { get; }

    public override OptionSpec Spec { get; }

    public T Get(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ModelFlagValues.TryGetValue(Flag, out var v) ? (T)v : Default;
    }

    public void Set(TrainOptions options, T value)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelFlagValues[Flag] = value;
    }
}

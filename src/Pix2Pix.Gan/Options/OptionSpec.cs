using System.Globalization;

namespace Pix2Pix.Gan.Options;

/// <summary>
/// One command-line flag of the reference implementation: its spelling (<c>lambda_L1</c>), help text, type, allowed
/// values, and how to read and write it on a typed options object. The CLI builds its flags from these, and
/// <c>options.json</c> / <c>train_opt.txt</c> are written from them, so the three always agree.
/// </summary>
internal sealed class OptionSpec
{
    private readonly Func<object, object> _get;
    private readonly Action<object, object> _set;
    private readonly Func<IReadOnlyList<string>>? _allowed;

    internal OptionSpec(string flag, string help, Type valueType, Func<object, object> get, Action<object, object> set, Func<IReadOnlyList<string>>? allowed)
    {
        Flag = flag;
        Help = help;
        ValueType = valueType;
        _get = get;
        _set = set;
        _allowed = allowed;
    }

    /// <summary>The flag without dashes, as the reference spells it (<c>n_epochs_decay</c>).</summary>
    public string Flag { get; }

    public string Help { get; }

    /// <summary>bool, int, float, double or string.</summary>
    public Type ValueType { get; }

    /// <summary>
    /// The only accepted values, for string flags that name a choice (read when asked, so a model registered later is
    /// accepted); null when any value is accepted.
    /// </summary>
    public IReadOnlyList<string>? Allowed => _allowed?.Invoke();

    /// <summary>The values accepted beyond the type (null for bool flags and choices, whose values are listed).</summary>
    public OptionRange? Range { get; internal set; }

    /// <summary>What is wrong with <paramref name="value"/> for this flag (its range), or null when it is accepted.</summary>
    public string? Problem(object value) => Range?.Problem(Flag, value);

    public object Get(object options) => _get(options);

    public void Set(object options, object value)
    {
        if (Allowed is { } allowed && !allowed.Contains((string)value, StringComparer.Ordinal))
            throw new ArgumentException($"--{Flag} {value} is not allowed; use one of: {string.Join(", ", allowed)}.");
        _set(options, value);
    }

    /// <summary>The value as the reference prints it (Python's str()): True/False, 0.0002, inf.</summary>
    public string Format(object options)
    {
        object v = Get(options);
        return v switch
        {
            bool b => b ? "True" : "False",
            int i when i == int.MaxValue => "inf",
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>Parses the text form of a value (as in options.json or on a command line).</summary>
    public object Parse(string text)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            if (ValueType == typeof(bool))
                return text.Equals("true", StringComparison.OrdinalIgnoreCase);
            if (ValueType == typeof(int))
                return text is "inf" or "Infinity" ? int.MaxValue : int.Parse(text, c);
            if (ValueType == typeof(float))
                return float.Parse(text, c);
            if (ValueType == typeof(double))
                return double.Parse(text, c);
            return text;
        }
        catch (FormatException)
        {
            throw new FormatException($"--{Flag} needs a {ValueType.Name.ToLowerInvariant()} value, not '{text}'.");
        }
        catch (OverflowException)
        {
            throw new FormatException($"--{Flag} {text} is too large for an integer{(Range is null ? "" : $"; use {Range.Description}")}.");
        }
    }
}

/// <summary>Builds the spec list of an options class in a few readable lines per flag.</summary>
internal sealed class OptionTable<T>
    where T : class
{
    private readonly List<OptionSpec> _specs = [];

    public OptionTable(IEnumerable<OptionSpec>? inherit = null)
    {
        if (inherit is not null)
            _specs.AddRange(inherit);
    }

    public IReadOnlyList<OptionSpec> Specs => _specs;

    public OptionTable<T> Add<TValue>(string flag, string help, Func<T, TValue> get, Action<T, TValue> set, params string[] allowed)
        where TValue : notnull =>
        Add(flag, help, get, set, allowed.Length == 0 ? null : () => allowed);

    /// <summary>Gives the flag added last its accepted values.</summary>
    public OptionTable<T> Range(OptionRange range)
    {
        _specs[^1].Range = range;
        return this;
    }

    /// <summary>A choice flag whose values are read when asked (<paramref name="allowed"/>: e.g. the registered models).</summary>
    public OptionTable<T> Add<TValue>(string flag, string help, Func<T, TValue> get, Action<T, TValue> set, Func<IReadOnlyList<string>>? allowed)
        where TValue : notnull
    {
        _specs.Add(new OptionSpec(flag, help, typeof(TValue), o => get((T)o), (o, v) => set((T)o, (TValue)v), allowed));
        return this;
    }
}

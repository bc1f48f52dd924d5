using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Interop;

/// <summary>
/// Reads the reference's <c>train_opt.txt</c> (its <c>print_options</c> layout: <c>{flag:&gt;25}: {value:&lt;30}</c>, then
/// <c>\t[default: x]</c> after changed values) into our options. Flags we do not have (gpu_ids, display_*, wandb …)
/// are listed, not guessed at; names from older versions of the reference are mapped (<c>niter</c> →
/// <c>n_epochs</c>, <c>niter_decay</c> → <c>n_epochs_decay</c>, <c>lr_policy lambda</c> → <c>linear</c>).
/// </summary>
internal static class ReferenceOptionsText
{
    private static readonly Dictionary<string, string> RenamedFlags = new(StringComparer.Ordinal)
    {
        ["niter"] = "n_epochs",
        ["niter_decay"] = "n_epochs_decay",
    };

    /// <summary>The flag → value pairs of a train_opt.txt, in file order; a line that is not one is an error naming it.</summary>
    public static IReadOnlyList<(string Flag, string Value)> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = new List<(string, string)>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith("---", StringComparison.Ordinal))
                continue;
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                if (line.TrimEnd().EndsWith(':'))
                {
                    pairs.Add((line.Trim().TrimEnd(':'), ""));   // an empty value ("suffix: ")
                    continue;
                }
                throw new FormatException($"{sourceName} line {i + 1} is not 'flag: value' ('{line.Trim()}'); is this a train_opt.txt written by the reference's train.py?");
            }
            string flag = line[..colon].Trim();
            string value = line[(colon + 2)..];
            int comment = value.IndexOf("\t[default:", StringComparison.Ordinal);
            if (comment >= 0)
                value = value[..comment];
            pairs.Add((flag, value.Trim()));
        }
        if (pairs.Count == 0)
            throw new FormatException($"{sourceName} holds no options; is this a train_opt.txt written by the reference's train.py?");
        return pairs;
    }

    /// <summary>
    /// Our training options from a train_opt.txt: the model's defaults, then every flag the file gives. Returns the
    /// flags that were ignored because we do not have them.
    /// </summary>
    public static (TrainOptions Options, IReadOnlyList<string> Ignored) ToOptions(string text, string sourceName)
    {
        var pairs = Parse(text, sourceName);
        var options = new TrainOptions();
        var specs = options.Specs.ToDictionary(s => s.Flag, StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        // the model first: its defaults apply to flags the file does not give
        foreach ((string flag, string value) in pairs.Where(p => p.Flag == "model"))
            specs["model"].Set(options, specs["model"].Parse(value));
        foreach ((string rawFlag, string rawValue) in pairs)
        {
            string flag = RenamedFlags.GetValueOrDefault(rawFlag, rawFlag);
            string value = flag == "lr_policy" && rawValue == "lambda" ? "linear" : rawValue;
            if (!specs.TryGetValue(flag, out OptionSpec? spec))
            {
                ignored.Add(rawFlag);
                continue;
            }
            try
            {
                spec.Set(options, spec.Parse(PythonValue(value)));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new FormatException($"{sourceName}: {rawFlag} is '{rawValue}', which we cannot use ({ex.Message}). Fix the line or import with a train_opt.txt from the reference.", ex);
            }
            given.Add(flag);
        }
        if (!given.Contains("model"))
            throw new FormatException($"{sourceName} does not say which model was trained (no 'model:' line); is this a train_opt.txt written by the reference's train.py?");
        options.ApplyModelDefaults(given);
        return (options, ignored);
    }

    /// <summary>Python's str() of a value → the text our flag parser reads: None is empty; True/False, inf, 0.0002 stay.</summary>
    private static string PythonValue(string value) => value == "None" ? "" : value;
}

using System.CommandLine;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli;

/// <summary>
/// Turns the reference's flag table (<see cref="OptionSpec"/>) into System.CommandLine options, and a parse result back
/// into a typed options object — recording which flags the user actually gave, so model defaults apply only to the rest.
/// </summary>
internal sealed class OptionBinder
{
    private readonly List<(OptionSpec Spec, Option Option)> _options = [];

    public OptionBinder(Command command, IReadOnlyList<OptionSpec> specs, BaseOptions defaults, IReadOnlySet<string>? skip = null)
    {
        foreach (var spec in specs)
        {
            if (skip?.Contains(spec.Flag) == true)
                continue;
            string shown = spec.Format(defaults);
            string help = spec.ValueType == typeof(bool) || shown.Length == 0 || spec.Help.Contains("(default:", StringComparison.Ordinal)
                ? spec.Help
                : $"{spec.Help} (default: {shown})";
            Option option;
            if (spec.ValueType == typeof(bool))
            {
                option = new Option<bool>("--" + spec.Flag) { Description = help };
            }
            else
            {
                var text = new Option<string>("--" + spec.Flag)
                {
                    Description = help,
                    HelpName = spec.ValueType == typeof(string) ? "str" : spec.ValueType == typeof(int) ? "int" : "float",
                };
                if (spec.Allowed is not null)
                    text.AcceptOnlyFromAmong([.. spec.Allowed]);
                else
                    text.Validators.Add(r =>
                    {
                        string? value = r.Tokens.Count > 0 ? r.Tokens[0].Value : null;
                        if (value is null)
                            return;
                        try
                        {
                            if (spec.Problem(spec.Parse(value)) is { } problem)
                                r.AddError(problem);
                        }
                        catch (FormatException ex)
                        {
                            r.AddError(ex.Message);
                        }
                    });
                option = text;
            }
            command.Options.Add(option);
            _options.Add((spec, option));
        }
    }

    /// <summary>Sets every flag given on the command line on <paramref name="target"/>; returns their names.</summary>
    public HashSet<string> Bind(ParseResult parse, BaseOptions target)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (spec, option) in _options)
        {
            var result = parse.GetResult(option);
            if (result is null || result.Implicit)
                continue;
            object value = option is Option<bool> b ? parse.GetValue(b) : spec.Parse(parse.GetValue((Option<string>)option)!);
            spec.Set(target, value);
            given.Add(spec.Flag);
        }
        return given;
    }
}

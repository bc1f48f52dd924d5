using System.Globalization;

namespace Pix2Pix.Gan.Options;

/// <summary>
/// The values a flag accepts beyond its type (issue 15, item 8): a number range (floats must also be finite) or a rule
/// for text. Checked when the command line is parsed and again by <see cref="BaseOptions.Validate"/> (options.json,
/// options built in code), with a message that names the flag, the value and what to use instead.
/// </summary>
internal sealed class OptionRange
{
    private readonly Func<string, object, string?> _problem;

    private OptionRange(string description, Func<string, object, string?> problem)
    {
        Description = description;
        _problem = problem;
    }

    /// <summary>What is accepted, for help and tests ("1 to 100000").</summary>
    public string Description { get; }

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/> (int.MaxValue is written "inf").</summary>
    public static OptionRange Between(int min, int max, string? why = null) => new($"{min} to {Show(max)}", (flag, value) =>
    {
        int v = (int)value;
        string typed = v.ToString(CultureInfo.InvariantCulture);
        return v >= min && v <= max ? null
            : max == int.MaxValue ? $"--{flag} {typed} is too small: use {Show(min)} or more{Why(why)}."
            : $"--{flag} {typed} is out of range: use {Show(min)} to {Show(max)}{Why(why)}.";
    });

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>; above <paramref name="min"/> when <paramref name="exclusiveMin"/>.</summary>
    public static OptionRange Between(double min, double max, bool exclusiveMin = false, string? why = null) =>
        new($"{(exclusiveMin ? "more than " : "")}{Show(min)} to {Show(max)}", (flag, value) =>
        {
            double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            string range = exclusiveMin ? $"more than {Show(min)} and at most {Show(max)}" : $"from {Show(min)} to {Show(max)}";
            return !double.IsFinite(v) ? $"--{flag} {Show(v)} is not a finite number: use a value {range}{Why(why)}."
                : v < min || (exclusiveMin && v == min) || v > max ? $"--{flag} {Show(v)} is out of range: use a value {range}{Why(why)}."
                : null;
        });

    /// <summary>Text that becomes one part of a path (a run name, a phase): not empty, no folder separators, not "." or "..".</summary>
    public static OptionRange PathPart(bool allowEmpty = false) => new(allowEmpty ? "a file-name part (may be empty)" : "a non-empty file-name part", (flag, value) =>
    {
        string v = (string)value;
        if (v.Length == 0)
            return allowEmpty ? null : $"--{flag} is empty: give a name (it becomes a folder or file name).";
        return string.IsNullOrWhiteSpace(v) || v is "." or ".." || v.IndexOfAny(['/', '\\']) >= 0 || v.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            ? $"--{flag} '{v}' cannot be part of a file name: use letters, digits, '_', '-' or '.', without '/' (it becomes a folder or file name)."
            : null;
    });

    /// <summary>Any non-empty text (a folder path).</summary>
    public static OptionRange NotEmpty { get; } = new("non-empty", (flag, value) =>
        ((string)value).Trim().Length == 0 ? $"--{flag} is empty: give a folder." : null);

    /// <summary>Any text (e.g. --dataroot, whose presence <see cref="BaseOptions.Validate"/> checks with its own message).</summary>
    public static OptionRange AnyText { get; } = new("any text", (_, _) => null);

    /// <summary>Any integer (e.g. --seed).</summary>
    public static OptionRange AnyInt { get; } = new("any integer", (_, _) => null);

    /// <summary>The problem with <paramref name="value"/> for <paramref name="flag"/>, or null when it is accepted.</summary>
    public string? Problem(string flag, object value) => _problem(flag, value);

    private static string Why(string? why) => why is null ? "" : $" ({why})";

    private static string Show(int v) => v == int.MaxValue ? "inf" : v.ToString(CultureInfo.InvariantCulture);

    private static string Show(double v) => double.IsNaN(v) ? "NaN" : v.ToString("G", CultureInfo.InvariantCulture);
}

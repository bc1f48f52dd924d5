using System.Text;

namespace Pix2Pix.Engine.Modules;

/// <summary>A state dict does not fit a network: names missing or unexpected, or shapes that differ.</summary>
internal sealed class StateDictMismatchException : Exception
{
    public StateDictMismatchException()
    {
    }

    public StateDictMismatchException(string message) : base(message)
    {
    }

    public StateDictMismatchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    internal StateDictMismatchException(string moduleName, string sourceName, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
        : base(Describe(moduleName, sourceName, missing, unexpected, shapeMismatches))
    {
        Missing = missing;
        Unexpected = unexpected;
        ShapeMismatches = shapeMismatches;
    }

    public IReadOnlyList<string> Missing { get; } = [];

    public IReadOnlyList<string> Unexpected { get; } = [];

    /// <summary>One line per entry: "name: [shape] in the source but [shape] in the network".</summary>
    public IReadOnlyList<string> ShapeMismatches { get; } = [];

    private static string Describe(string moduleName, string sourceName, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
    {
        var sb = new StringBuilder($"Cannot load '{sourceName}' into {moduleName}:");
        if (missing.Count > 0)
            sb.Append($" {missing.Count} missing entr{(missing.Count == 1 ? "y" : "ies")} ({List(missing)});");
        if (unexpected.Count > 0)
            sb.Append($" {unexpected.Count} unexpected entr{(unexpected.Count == 1 ? "y" : "ies")} ({List(unexpected)});");
        if (shapeMismatches.Count > 0)
            sb.Append($" shape mismatch for {List(shapeMismatches)};");
        sb.Append(" build the network with the same options as the one that saved this file, or pick the file that matches this network.");
        return sb.ToString();
    }

    private static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(6)) + (items.Count > 6 ? $", … {items.Count - 6} more" : "");
}

using System.CommandLine;

namespace Pix2Pix.Cli;

/// <summary>Turns parse errors into messages that say what is allowed, with a "did you mean" for near-miss flags.</summary>
internal static class CliErrors
{
    public static void Report(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var unmatched = new HashSet<string>(parse.UnmatchedTokens, StringComparer.Ordinal);
        foreach (var e in parse.Errors)
        {
            // "Argument 'hinge' not recognized. Must be one of: …" does not say which flag it was.
            string? flag = OptionOf(e.SymbolResult);
            string line = flag is null || e.Message.Contains(flag, StringComparison.Ordinal) ? $"error: {e.Message}" : $"error: {flag}: {e.Message}";
            string? token = unmatched.FirstOrDefault(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal));
            if (token is not null)
            {
                string? hint = Suggest(token, command);
                if (hint is not null)
                    line += $" Did you mean '{hint}'?";
            }
            error.WriteLine(line);
        }
        error.WriteLine($"Run '{CommandPath(command)} --help' to see the allowed commands and flags.");
    }

    private static string? OptionOf(System.CommandLine.Parsing.SymbolResult? result)
    {
        for (var r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.OptionResult option)
                return option.Option.Name;
        }
        return null;
    }

    internal static string? Suggest(string token, Command command) =>
        Closest(token.TrimStart('-'), command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Select(c => c.Name)));

    /// <summary>The name nearest to <paramref name="word"/> (ignoring case and leading dashes), or null if none is close.</summary>
    internal static string? Closest(string word, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int d = Levenshtein(word.ToLowerInvariant(), name.TrimStart('-').ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = name;
            }
        }
        int allowed = Math.Max(2, word.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static string CommandPath(Command command)
    {
        var parts = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            parts.Insert(0, c is RootCommand ? "pix2pix" : c.Name);
        return string.Join(' ', parts);
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

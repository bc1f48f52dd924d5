using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli;

/// <summary>The defaults that help shows: those of the <c>--model</c> on the command line, so help reads as the run would.</summary>
internal static class CliDefaults
{
    /// <summary>The value of the first <c>--model X</c> or <c>--model=X</c>, or null.</summary>
    public static string? ModelOnCommandLine(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--model" && i + 1 < args.Count)
                return args[i + 1];
            if (args[i].StartsWith("--model=", StringComparison.Ordinal))
                return args[i]["--model=".Length..];
        }
        return null;
    }

    /// <summary><paramref name="options"/> with the defaults of <paramref name="model"/> (when known) on every flag; its own --model is kept.</summary>
    public static T For<T>(string? model, T options)
        where T : BaseOptions
    {
        if (model is not null)
            ModelRegistry.Find(model)?.ApplyDefaults(options, new HashSet<string>());
        return options;
    }

    /// <summary>Defaults of a command whose <c>--model</c> defaults to <paramref name="defaultModel"/> (summary, bench).</summary>
    public static TrainOptions For(string? model, string defaultModel) =>
        For(model ?? defaultModel, new TrainOptions { Model = defaultModel });
}

using System.CommandLine;

namespace Pix2Pix.Cli;

/// <summary>Builds the `pix2pix` command tree. Each command lives in its own file under Commands/.</summary>
internal static class CliApp
{
    /// <param name="args">The command line, if known: help of train, test, summary and bench then shows the defaults of its <c>--model</c>.</param>
    public static RootCommand BuildRoot(IReadOnlyList<string>? args = null)
    {
        string? model = CliDefaults.ModelOnCommandLine(args ?? []);
        var root = new RootCommand("pix2pix: image-to-image translation GANs (pix2pix, CycleGAN) on a pure C# engine.");
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.TrainCommand.Create(model));
        root.Subcommands.Add(Commands.TestCommand.Create(model));
        root.Subcommands.Add(Commands.TranslateCommand.Create());
        root.Subcommands.Add(Commands.SampleCommand.Create());
        root.Subcommands.Add(Commands.QualityCommand.Create());
        root.Subcommands.Add(Commands.InterpolateCommand.Create());
        root.Subcommands.Add(Commands.ImportCommand.Create());
        root.Subcommands.Add(Commands.ExportCommand.Create());
        root.Subcommands.Add(Commands.DatasetsCommand.Create());
        root.Subcommands.Add(Commands.ModelsCommand.Create());
        root.Subcommands.Add(Commands.ConvertCommand.Create());
        root.Subcommands.Add(Commands.SummaryCommand.Create(model));
        root.Subcommands.Add(Commands.BenchCommand.Create(model));
        root.Subcommands.Add(Commands.BenchDataCommand.Create());
        root.Subcommands.Add(Commands.ServeCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs a command. Parse errors and exceptions become one-line messages on standard error
    /// (exit 2 for a wrong command line — a parse error, a flag out of its range, flags that do not go together — 1 for
    /// a failure while running); success is 0.
    /// </summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        // No POSIX bundling: every flag is long, and "-h0" must be an unknown token, not help that exits 0 ignoring the rest.
        var parse = BuildRoot(args).Parse(args, new ParserConfiguration { EnablePosixBundling = false });
        if (parse.Errors.Count > 0)
        {
            CliErrors.Report(parse, error);
            return 2;
        }
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return parse.Invoke(config);
        }
        catch (Gan.Options.OptionsException ex)
        {
            // A flag out of range or flags that do not go together: a wrong command line, like a parse error.
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"error: {ex.Message}");
            if (ex is not (ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
                && ex.GetType().Namespace?.StartsWith("Pix2Pix", StringComparison.Ordinal) != true)
                error.WriteLine($"({ex.GetType().Name}; set PIX2PIX_DEBUG=1 to see the stack trace)");
            if (Environment.GetEnvironmentVariable("PIX2PIX_DEBUG") == "1")
                error.WriteLine(ex);
            return 1;
        }
    }
}

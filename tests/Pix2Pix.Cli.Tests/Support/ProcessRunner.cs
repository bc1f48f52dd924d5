using System.Diagnostics;

namespace Pix2Pix.Cli.Tests;

/// <summary>Runs a program to its end and captures what it writes (for tests of what users run: the packed tool, the example).</summary>
internal static class ProcessRunner
{
    public static (int Exit, string Output, string Error) Run(string program, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeoutSeconds} s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The same command line as one string, with its output, for assertion messages.</summary>
    public static string Describe((int Exit, string Output, string Error) r) => $"exit {r.Exit}\n{r.Output}\n{r.Error}";
}

using System.Globalization;
using Xunit.Abstractions;

namespace Pix2Pix.Cli.Tests;

/// <summary>
/// Issue 15, "fuzz": the whole CLI in-process on random flag values and damaged run folders and datasets
/// (<see cref="CliFuzz"/>). PIX2PIX_FUZZ_SEED, PIX2PIX_FUZZ_CASES and PIX2PIX_FUZZ_SECONDS change the seed, the number
/// of cases and the time budget (defaults: 15, 4000, 60 s); the counts are printed and kept in docs/fuzz.md.
/// </summary>
[Collection("Cli training")]
public class CliFuzzTests(ITestOutputHelper log)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;

    [Fact]
    public void The_cli_on_random_flags_and_damaged_files_never_crashes_and_never_exits_0_without_its_outputs()
    {
        int seed = Setting("PIX2PIX_FUZZ_SEED", 15);
        using var tmp = new DatasetsTempFolder();
        var fuzz = new CliFuzz(seed, tmp.Path);
        fuzz.Setup();
        var report = fuzz.Run(Setting("PIX2PIX_FUZZ_CASES", 4000), TimeSpan.FromSeconds(Setting("PIX2PIX_FUZZ_SECONDS", 60)));
        log.WriteLine(report.Summary());
        Console.WriteLine("CLI fuzz: " + report.Summary());
        Assert.True(report.Violations.Count == 0,
            $"{report.Summary()}\n{string.Join("\n", report.Violations.Take(40))}");
        Assert.True(report.Cases >= 300, $"only {report.Cases} cases ran in the time budget: {report.Summary()}");
    }
}

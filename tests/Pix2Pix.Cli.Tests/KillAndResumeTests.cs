using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pix2Pix.Gan.Training;
using Xunit.Abstractions;

namespace Pix2Pix.Cli.Tests;

/// <summary>
/// Issue 15's promise, tested as a user meets it: a real <c>pix2pix train</c> process is SIGKILLed again and again —
/// inside every kind of save (the <see cref="WriteFault"/> hook kills the process after a random number of bytes of a
/// given file, so these kills are certain, not luck) and at random moments of training — and continued each time; its
/// final weights, snapshots and training state are byte for byte those of an uninterrupted run. The randomness is seeded
/// (PIX2PIX_KILL_SEED to repeat a failure) and the seed is printed.
/// </summary>
[Collection("Cli training")]
public class KillAndResumeTests(ITestOutputHelper log)
{
    /// <summary>Inside-save kills: each kind twice (a weights file, the training state, a snapshot, the manifest, the renames after it, options, loss log).</summary>
    private static readonly SaveKind[] HookKinds =
        [SaveKind.Weights, SaveKind.TrainingState, SaveKind.Snapshot, SaveKind.Manifest, SaveKind.Rename, SaveKind.Options, SaveKind.LossLog];

    private const int RandomKillsPerRound = 3;

    private static List<(SaveKind? Kind, WriteFault? Fault)> Round(Random rng) =>
        HookKinds.Select(k => (Kind: (SaveKind?)k, Fault: (WriteFault?)Fault(k, rng)))
            .Concat(Enumerable.Range(0, RandomKillsPerRound).Select(_ => (Kind: (SaveKind?)null, Fault: (WriteFault?)null)))
            .OrderBy(_ => rng.Next()).ToList();

    [Fact]
    public void A_training_killed_at_random_moments_and_inside_every_kind_of_save_ends_byte_identical_to_an_uninterrupted_run()
    {
        if (OperatingSystem.IsWindows())
            return;   // SIGKILL semantics are what is tested; Windows' TerminateProcess is covered by the same code path elsewhere
        int seed = Environment.GetEnvironmentVariable("PIX2PIX_KILL_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        log.WriteLine($"PIX2PIX_KILL_SEED={seed}");
        var rng = new Random(seed);
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "8", "--size", "128").Exit);

        var reference = RunToEnd(Train(tmp, "reference"), null);
        Assert.True(reference.Exit == 0, reference.Error);

        // The plan: two rounds, each with every hook kind once and random moments between, in a seeded order. The first
        // round moves the run at most ~55 of its 96 steps, so all of its 10 kills land before the run could end.
        var plan = Round(rng).Concat(Round(rng)).ToList();
        string folder = Path.Combine(tmp["ck"], "killed");
        var history = new StringBuilder($"seed {seed}\n");
        int kills = 0;
        var fired = new HashSet<SaveKind>();
        foreach (var (kind, fault) in plan)
        {
            // A start killed before it made the run folder left nothing to continue: start again, as a user would.
            string[] args = Directory.Exists(folder) ? [.. Train(tmp, "killed"), "--continue_train"] : Train(tmp, "killed");
            var result = kind is null ? KillAtRandom(args, folder, rng, history) : RunToEnd(args, fault);
            history.Append(CultureInfo.InvariantCulture, $"{(kind is null ? "random" : fault!.ToString())}: exit {result.Exit}\n");
            Assert.True(result.Exit is 137 or 0, $"{history}\n{result.Error}");
            if (result.Exit == 0)
                break;
            if (kind is not null)
            {
                Assert.Contains("killing this process inside the write of", result.Error);
                fired.Add(kind.Value);
            }
            kills++;
        }
        var last = RunToEnd([.. Train(tmp, "killed"), "--continue_train"], null);
        Assert.True(last.Exit == 0, $"{history}\n{last.Output}\n{last.Error}");
        log.WriteLine(history.ToString());
        Assert.True(kills >= 10, $"only {kills} kills landed before the run ended; {history}");
        Assert.Equal(HookKinds.Order(), fired.Order());

        string refFolder = Path.Combine(tmp["ck"], "reference");
        var expected = Saved(refFolder);
        Assert.Equal(expected, Saved(folder));
        foreach (string name in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(refFolder, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, name))),
                $"{name} differs from the uninterrupted run's; {history}");
        Assert.Empty(Directory.GetFiles(folder, ".*"));
    }

    /// <summary>The files the comparison covers: every network checkpoint and the training state.</summary>
    private static List<string> Saved(string folder) =>
        Directory.GetFiles(folder, "*.safetensors").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    private static string[] Train(DatasetsTempFolder tmp, string name) =>
        ["train", "--dataroot", tmp["data"], "--name", name, "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "6", "--n_epochs_decay", "6",
            "--num_threads", "1", "--no_html", "--print_freq", "1", "--save_latest_freq", "2", "--save_epoch_freq", "1", "--seed", "5"];

    /// <summary>A kill inside an early write of <paramref name="kind"/>, after a random number of bytes (0 included; beyond the end: at its fsync).</summary>
    private static WriteFault Fault(SaveKind kind, Random rng) => kind switch
    {
        SaveKind.Weights => new WriteFault(kind, rng.Next(1, 5), rng.Next(0, 60_000), Kill: true),
        SaveKind.TrainingState => new WriteFault(kind, rng.Next(1, 3), rng.Next(0, 2_200_000), Kill: true),
        SaveKind.Snapshot => new WriteFault(kind, 1, rng.Next(0, 60_000), Kill: true),
        SaveKind.Manifest => new WriteFault(kind, rng.Next(1, 3), rng.Next(0, 1_200), Kill: true),
        SaveKind.Rename => new WriteFault(kind, rng.Next(1, 5), 0, Kill: true),
        SaveKind.Options => new WriteFault(kind, rng.Next(1, 3), rng.Next(0, 1_500), Kill: true),
        _ => new WriteFault(kind, rng.Next(1, 4), rng.Next(0, 120), Kill: true),
    };

    private static (int Exit, string Output, string Error) RunToEnd(string[] args, WriteFault? fault)
    {
        var env = new Dictionary<string, string>();
        if (fault is not null)
            env[WriteFault.Variable] = fault.ToString();
        return ProcessRunner.Run(Dotnet, [typeof(CliApp).Assembly.Location, .. args], environment: env);
    }

    /// <summary>Starts the training and SIGKILLs it at a random moment: during start-up, or a random number of steps in plus a few ms.</summary>
    private static (int Exit, string Output, string Error) KillAtRandom(string[] args, string folder, Random rng, StringBuilder history)
    {
        string lossLog = Path.Combine(folder, "loss_log.txt");
        int linesBefore = Lines(lossLog);
        bool duringStartup = rng.Next(4) == 0;
        int steps = rng.Next(1, 7);
        int extraMs = rng.Next(0, 25);
        history.Append(duringStartup
            ? FormattableString.Invariant($"random kill {extraMs * 10} ms after start; ")
            : FormattableString.Invariant($"random kill {steps} steps + {extraMs} ms in; "));
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        if (duringStartup)
            Thread.Sleep(extraMs * 10);
        else
        {
            while (!process.HasExited && DateTime.UtcNow < deadline && Lines(lossLog) < linesBefore + 1 + steps)
                Thread.Sleep(2);
            Thread.Sleep(extraMs);
        }
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-KILL", process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
        Assert.True(process.WaitForExit(60_000), "the training did not end after SIGKILL");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static int Lines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}

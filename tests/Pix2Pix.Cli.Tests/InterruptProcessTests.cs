using System.Diagnostics;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class InterruptProcessTests
{
    [Fact]
    public void The_first_SIGINT_saves_the_latest_state_and_exits_130_and_the_run_continues()
    {
        if (OperatingSystem.IsWindows())
            return;   // no kill -INT
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        string[] train = ["train", "--dataroot", tmp["data"], "--name", "int", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "10000", "--n_epochs_decay", "0",
            "--num_threads", "1", "--no_html", "--print_freq", "1"];
        string folder = Path.Combine(tmp["ck"], "int");
        using var child = RunLockProcessTests.StartCli(train);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string log = Path.Combine(folder, "loss_log.txt");
            while (!child.HasExited && DateTime.UtcNow < deadline && (!File.Exists(log) || File.ReadAllLines(log).Length < 3))
                Thread.Sleep(50);
            Assert.False(child.HasExited, "the training ended before it was interrupted");
            Assert.True(File.Exists(log) && File.ReadAllLines(log).Length >= 3, "the training logged fewer than 3 lines in 60 s");

            // A test run started in the background of a non-interactive shell (nohup … &) ignores SIGINT, and the child
            // inherits that: .NET then leaves SIGINT alone, as every Unix program does. SIGTERM takes the same handler.
            string signal = SigintIgnored() ? "-TERM" : "-INT";
            using (var kill = Process.Start("kill", [signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            Assert.True(child.WaitForExit(60_000), $"the training did not stop within 60 s of kill {signal}");
        }
        finally
        {
            // A child still running would keep writing into the temporary folder and turn a failed assertion into an
            // unrelated "directory not empty" when the folder is deleted: stop it first.
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }
        }

        Assert.Equal(130, child.ExitCode);
        var state = SafeTensors.Read(Path.Combine(folder, "latest_train_state.safetensors"));
        Assert.Null(NonFinite.Find(state.Tensors));
        Assert.True(long.Parse(state.Metadata["total_iters"], System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.True(File.Exists(Path.Combine(folder, "latest_net_G.safetensors")));
        // the dashboard's heartbeat says stopped (resumable), not crashed
        Assert.Contains("\"status\":\"stopped\"", File.ReadAllText(Path.Combine(folder, "status.json")), StringComparison.Ordinal);
        using (RunLock.Acquire(folder))
        {
        }
    }

    /// <summary>Whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status), so children inherit it ignored.</summary>
    private static bool SigintIgnored()
    {
        string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }
}

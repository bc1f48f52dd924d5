using System.Diagnostics;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class RunLockProcessTests
{
    [Fact]
    public void Train_refuses_a_run_folder_another_process_trains_in_and_the_lock_dies_with_that_process()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        string[] train = ["train", "--dataroot", tmp["data"], "--name", "shared", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "10000", "--n_epochs_decay", "0",
            "--num_threads", "1", "--no_html"];
        string owner = Path.Combine(tmp["ck"], "shared", RunLock.OwnerFileName);
        using var other = StartCli(train);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(owner) && !other.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(50);
            Assert.True(File.Exists(owner), "the child training never took the lock");

            var second = DatasetsCli.Run(train);

            Assert.Equal(1, second.Exit);
            Assert.Contains($"held by pid {other.Id} on host {Environment.MachineName}", second.Error);
            Assert.Contains("another --name", second.Error);
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            other.WaitForExit();
        }
        // SIGKILL leaves the owner file behind but not the lock.
        using (RunLock.Acquire(Path.Combine(tmp["ck"], "shared")))
        {
        }
    }

    private static void Drain(Stream stream, string name) =>
        new Thread(() =>
        {
            try
            {
                stream.CopyTo(Stream.Null);
            }
            catch (IOException)
            {
                // the child is gone
            }
        })
        { IsBackground = true, Name = "child " + name }.Start();

    internal static Process StartCli(string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (string a in args)
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        // Drain the child's output on dedicated threads, not the thread pool's async reads: when other tests keep the
        // pool busy, a child that prints every step would fill its pipe, block in a write and miss its SIGINT.
        Drain(process.StandardOutput.BaseStream, "stdout");
        Drain(process.StandardError.BaseStream, "stderr");
        return process;
    }
}

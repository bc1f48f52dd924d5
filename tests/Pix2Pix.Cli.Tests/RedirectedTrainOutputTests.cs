namespace Pix2Pix.Cli.Tests;

/// <summary><c>train</c> with its output redirected (a file, a pipe, CI): plain lines, no progress bar, no escape codes.</summary>
[Collection("Cli training")]
public class RedirectedTrainOutputTests
{
    [Fact]
    public void Redirected_training_output_is_plain_lines()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "3", "--size", "128").Exit);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var r = ProcessRunner.Run(dotnet, [typeof(CliApp).Assembly.Location, "train", "--dataroot", tmp["data"], "--name", "plain",
            "--checkpoints_dir", tmp["ck"], "--model", "pix2pix", "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128",
            "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0", "--print_freq", "1", "--num_threads", "1", "--no_html"]);
        Assert.True(r.Exit == 0, ProcessRunner.Describe(r));
        foreach (string text in new[] { r.Output, r.Error })
        {
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain("epoch 1/1 [", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
        var lossLines = r.Output.Split('\n').Where(l => l.StartsWith("(epoch: 1, iters: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lossLines.Count);
    }
}

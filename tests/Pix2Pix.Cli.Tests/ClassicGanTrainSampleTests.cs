using Pix2Pix.Tests.Support;

namespace Pix2Pix.Cli.Tests;

/// <summary>train --model cgan on IDX files (TensorBoard logs on by default), --continue_train from the name alone, then sample a digit with a grid.</summary>
[Collection("Cli training")]
public class ClassicGanTrainSampleTests
{
    [Fact]
    public void Cgan_trains_on_idx_files_continues_and_samples_a_chosen_digit()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"];
        Directory.CreateDirectory(data);
        const int count = 40;
        IdxFiles.WriteFile(Path.Combine(data, "t10k-images-idx3-ubyte"), [count, 28, 28], [.. Enumerable.Range(0, count * 784).Select(i => (byte)(i * 7 % 256))]);
        IdxFiles.WriteFile(Path.Combine(data, "t10k-labels-idx1-ubyte"), [count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);

        var first = DatasetsCli.Run("train", "--model", "cgan", "--dataroot", data, "--name", "digits", "--checkpoints_dir", tmp["ck"],
            "--n_epochs", "1", "--batch_size", "20", "--num_threads", "2");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("training finished: 40 images seen", first.Output, StringComparison.Ordinal);
        var second = DatasetsCli.Run("train", "--name", "digits", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("training finished: 80 images seen", second.Output, StringComparison.Ordinal);
        // TensorBoard is on for the classic GANs: one event file per train process; --tensorboard false turns it off
        Assert.Equal(2, Directory.GetFiles(Path.Combine(tmp["ck"], "digits", "tensorboard"), "events.out.tfevents.*").Length);
        Assert.Contains("tensorboard --logdir", first.Output, StringComparison.Ordinal);
        var quiet = DatasetsCli.Run("train", "--model", "cgan", "--dataroot", data, "--name", "quiet", "--checkpoints_dir", tmp["ck"],
            "--n_epochs", "1", "--batch_size", "20", "--num_threads", "2", "--tensorboard", "false");
        Assert.True(quiet.Exit == 0, quiet.Error);
        Assert.False(Directory.Exists(Path.Combine(tmp["ck"], "quiet", "tensorboard")));

        var sample = DatasetsCli.Run("sample", "--name", "digits", "--checkpoints_dir", tmp["ck"], "--num", "9", "--label", "7",
            "--seed", "4", "--output", tmp["out"], "--grid", Path.Combine(tmp["out"], "grid.png"));
        Assert.True(sample.Exit == 0, sample.Error);
        Assert.True(File.Exists(Path.Combine(tmp["out"], "0009.png")));
        Assert.True(File.Exists(Path.Combine(tmp["out"], "grid.png")));
        var bad = DatasetsCli.Run("sample", "--name", "digits", "--checkpoints_dir", tmp["ck"], "--label", "11", "--output", tmp["out"]);
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("--label 11 is not a digit; use 0 to 9", bad.Error, StringComparison.Ordinal);
    }
}

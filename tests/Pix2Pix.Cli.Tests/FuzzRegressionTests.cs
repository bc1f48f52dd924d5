namespace Pix2Pix.Cli.Tests;

/// <summary>Bugs the CLI fuzz (<see cref="CliFuzzTests"/>) found, one focused test each.</summary>
[Collection("Cli training")]
public class FuzzRegressionTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("test")]
    [InlineData("translate")]
    public void A_short_option_glued_to_a_value_is_an_error_not_help_that_exits_0_ignoring_the_rest(string command)
    {
        // With POSIX bundling "-h0" was "-h 0": help, exit 0, and "--norm bogus" never reported.
        var r = DatasetsCli.Run(command, "--norm", "bogus", "-h0");
        Assert.Equal(2, r.Exit);
        Assert.Contains("-h0", r.Error);
        Assert.DoesNotContain("Usage:", r.Output);
    }

    [Fact]
    public void Help_still_exits_0()
    {
        var r = DatasetsCli.Run("train", "-h");
        Assert.Equal(0, r.Exit);
        Assert.Contains("Usage:", r.Output);
    }
}

/// <summary>Damaged training-state metadata found by the fuzz: a clean error naming the file and the entry.</summary>
[Collection("Cli training")]
public class DamagedStateMetadataTests
{
    [Theory]
    [InlineData("batches_done", "batches_dpne")]   // a flipped bit in the key: was a KeyNotFoundException
    [InlineData("last_epoch", "last_epocx")]       // the scheduler's entry: was a message without the file
    public void A_renamed_state_entry_is_reported_with_the_file_and_the_entry(string entry, string damaged)
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "64").Exit);
        var first = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "s", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "resnet_6blocks", "--ngf", "2", "--ndf", "2", "--load_size", "32", "--crop_size", "32", "--n_epochs", "1", "--n_epochs_decay", "0");
        Assert.True(first.Exit == 0, first.Error);
        string state = Directory.GetFiles(Path.Combine(tmp["ck"], "s"), "latest_train_state*.safetensors").Single();
        byte[] bytes = File.ReadAllBytes(state);
        byte[] from = System.Text.Encoding.ASCII.GetBytes($"{entry}\"");
        int at = bytes.AsSpan().IndexOf(from);
        Assert.True(at > 0, $"{entry} not in {state}");
        System.Text.Encoding.ASCII.GetBytes(damaged).CopyTo(bytes, at);
        File.WriteAllBytes(state, bytes);

        // The run's state.json records the file's hash: the damage is caught before the metadata is read.
        var r = DatasetsCli.Run("train", "--name", "s", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.Equal(1, r.Exit);
        Assert.Contains(Path.GetFileName(state), r.Error);
        Assert.Contains("does not match the run's last save", r.Error);
        Assert.DoesNotContain("PIX2PIX_DEBUG", r.Error);

        // A folder written before state.json existed has no hash to check: the metadata error names the file and the entry.
        File.Delete(Path.Combine(tmp["ck"], "s", "state.json"));
        r = DatasetsCli.Run("train", "--name", "s", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.Equal(1, r.Exit);
        Assert.Contains(Path.GetFileName(state), r.Error);
        Assert.Contains(entry, r.Error);
        Assert.DoesNotContain("PIX2PIX_DEBUG", r.Error);
    }
}

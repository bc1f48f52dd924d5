namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class ContinueTrainCommandTests
{
    [Fact]
    public void Continue_train_needs_only_the_name_and_may_extend_the_epochs()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var first = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "c", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0",
            "--max_dataset_size", "inf");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("training finished: 2 images seen", first.Output);

        // No --dataroot, --model or architecture flags: they come from the run's options.json.
        var second = DatasetsCli.Run("train", "--name", "c", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("resuming from", second.Output);
        Assert.Contains("training finished: 4 images seen", second.Output);
        Assert.Contains("\"n_epochs\": 2", File.ReadAllText(Path.Combine(tmp["ck"], "c", "options.json")));
        Assert.Contains("\"ngf\": 4", File.ReadAllText(Path.Combine(tmp["ck"], "c", "options.json")));
    }
}

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

    [Fact]
    public void Weights_without_a_training_state_exit_1_saying_what_to_do_and_reset_optimizer_continues()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var first = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "w", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0");
        Assert.True(first.Exit == 0, first.Error);
        string folder = Path.Combine(tmp["ck"], "w");
        File.Delete(Path.Combine(folder, "state.json"));
        File.Delete(Path.Combine(folder, "latest_train_state.safetensors"));

        var refused = DatasetsCli.Run("train", "--name", "w", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("has weights but no training state", refused.Error);
        Assert.Contains("--reset_optimizer", refused.Error);

        var reset = DatasetsCli.Run("train", "--name", "w", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2", "--reset_optimizer", "--epoch_count", "2");
        Assert.True(reset.Exit == 0, reset.Error);
        Assert.Contains("optimizer state starts fresh at epoch 2", reset.Output);
        Assert.True(File.Exists(Path.Combine(folder, "state.json")));

        var alone = DatasetsCli.Run("train", "--name", "w2", "--checkpoints_dir", tmp["ck"], "--dataroot", tmp["data"], "--reset_optimizer");
        Assert.Equal(2, alone.Exit);
        Assert.Contains("--reset_optimizer applies only with --continue_train", alone.Error);
    }
}

namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class DivergenceCliTests
{
    [Fact]
    public void Train_with_a_huge_lr_exits_non_zero_and_says_to_lower_it()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var result = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "d", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0",
            "--lr", "1e30");
        Assert.Equal(1, result.Exit);
        Assert.Contains("Training diverged at epoch 1", result.Error);
        Assert.Contains("--lr", result.Error);
        Assert.DoesNotContain("training finished", result.Output);
        Assert.False(File.Exists(Path.Combine(tmp["ck"], "d", "latest_net_G.safetensors")));
    }
}

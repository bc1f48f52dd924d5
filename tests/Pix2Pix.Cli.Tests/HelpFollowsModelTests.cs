namespace Pix2Pix.Cli.Tests;

/// <summary>Help shows the defaults of the <c>--model</c> on the command line, as the run would apply them.</summary>
public class HelpFollowsModelTests
{
    [Fact]
    public void Train_help_with_model_pix2pix_shows_pix2pix_defaults()
    {
        var (exit, output, error) = DatasetsCli.Run("train", "--model", "pix2pix", "--help");
        Assert.True(exit == 0, error);
        Assert.Contains("generator architecture (default: unet_256)", output, StringComparison.Ordinal);
        Assert.Contains("batch normalization (default: batch)", output, StringComparison.Ordinal);
        Assert.Contains("how datasets are loaded (default: aligned)", output, StringComparison.Ordinal);
        Assert.Contains("original GAN paper (default: vanilla)", output, StringComparison.Ordinal);
        Assert.Contains("previously generated images (default: 0)", output, StringComparison.Ordinal);
        Assert.Contains("weight for L1 loss (pix2pix) (default: 100)", output, StringComparison.Ordinal);
        Assert.Contains("which model to use (default: cycle_gan)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_help_without_a_model_shows_the_reference_defaults_which_are_cycle_gans()
    {
        var (exit, output, error) = DatasetsCli.Run("train", "--help");
        Assert.True(exit == 0, error);
        Assert.Contains("generator architecture (default: resnet_9blocks)", output, StringComparison.Ordinal);
        Assert.Contains("previously generated images (default: 50)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_help_follows_model_given_with_an_equals_sign()
    {
        var (exit, output, error) = DatasetsCli.Run("test", "--model=colorization", "--help");
        Assert.True(exit == 0, error);
        Assert.Contains("input image channels: 3 for RGB and 1 for grayscale (default: 1)", output, StringComparison.Ordinal);
        Assert.Contains("how datasets are loaded (default: colorization)", output, StringComparison.Ordinal);
    }
}

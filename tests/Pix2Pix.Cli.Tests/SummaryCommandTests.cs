namespace Pix2Pix.Cli.Tests;

/// <summary><c>pix2pix summary</c>: layer tables, parameter totals, GFLOPs and the PatchGAN's receptive field.</summary>
public class SummaryCommandTests
{
    [Fact]
    public void Summary_of_unet_256_and_basic_shows_the_exact_parameter_totals_and_a_70_pixel_field()
    {
        var (exit, output, error) = DatasetsCli.Run("summary", "--netG", "unet_256", "--netD", "basic");
        Assert.True(exit == 0, error);
        Assert.Contains("Total parameters: 54,413,955", output, StringComparison.Ordinal);
        Assert.Contains("Total parameters: 2,768,705", output, StringComparison.Ordinal);
        Assert.Contains("Receptive field: 70x70", output, StringComparison.Ordinal);
        Assert.Contains("Output patch grid: 30x30", output, StringComparison.Ordinal);
        Assert.Contains("input [1, 6, 256, 256]", output, StringComparison.Ordinal);
        Assert.Contains("Forward: 12.10 GFLOPs", output, StringComparison.Ordinal);
        var outermost = output.Split('\n').Single(l => l.StartsWith("model.model.3 ", StringComparison.Ordinal));
        Assert.Contains("ConvTranspose2d", outermost, StringComparison.Ordinal);
        Assert.Contains("[1, 3, 256, 256]", outermost, StringComparison.Ordinal);
        Assert.Contains("6,147", outermost, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_of_a_cyclegan_resnet_counts_its_parameters_and_gives_d_the_output_channels()
    {
        var (exit, output, error) = DatasetsCli.Run("summary", "--model", "cycle_gan", "--netG", "resnet_9blocks", "--norm", "instance");
        Assert.True(exit == 0, error);
        Assert.Contains("Total parameters: 11,378,179", output, StringComparison.Ordinal);
        Assert.Contains("input [1, 3, 256, 256]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("input [1, 6, 256, 256]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_at_a_smaller_crop_scales_the_patch_grid()
    {
        var (exit, output, error) = DatasetsCli.Run("summary", "--netG", "unet_128", "--crop_size", "128", "--ngf", "8", "--ndf", "8");
        Assert.True(exit == 0, error);
        Assert.Contains("Output patch grid: 14x14 logits at 128x128", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_with_a_crop_the_unet_cannot_take_says_which_sizes_work()
    {
        var (exit, _, error) = DatasetsCli.Run("summary", "--netG", "unet_256", "--crop_size", "200");
        Assert.Equal(1, exit);
        Assert.Contains("--crop_size 200 is not a multiple of 256", error, StringComparison.Ordinal);
    }
}

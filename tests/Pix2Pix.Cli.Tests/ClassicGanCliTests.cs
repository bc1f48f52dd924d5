namespace Pix2Pix.Cli.Tests;

/// <summary>The classic GANs on the command line: summary counts, flag checks, train then sample.</summary>
public class ClassicGanCliTests
{
    [Fact]
    public void Summary_of_dcgan_counts_the_write_ups_parameters()
    {
        var (exit, output, error) = DatasetsCli.Run("summary", "--model", "dcgan");
        Assert.True(exit == 0, error);
        Assert.Contains("Total parameters: 1,866,561", output, StringComparison.Ordinal);
        Assert.Contains("Total parameters: 95,105", output, StringComparison.Ordinal);
        var linear = output.Split('\n').Single(l => l.StartsWith("gen.0 ", StringComparison.Ordinal));
        Assert.Contains("[1, 12544]", linear, StringComparison.Ordinal);
        Assert.Contains("1,266,944", linear, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_of_gan_and_cgan_shows_the_fully_connected_nets()
    {
        var (exit, output, error) = DatasetsCli.Run("summary", "--model", "gan");
        Assert.True(exit == 0, error);
        Assert.Contains("Total parameters: 218,128", output, StringComparison.Ordinal);
        Assert.Contains("Total parameters: 100,609", output, StringComparison.Ordinal);
        (exit, output, error) = DatasetsCli.Run("summary", "--model", "cgan");
        Assert.True(exit == 0, error);
        Assert.Contains("input [1, 110]", output, StringComparison.Ordinal);
        Assert.Contains("input [1, 794]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_z_dim_or_sample_count_exits_with_what_to_use()
    {
        var (exit, _, error) = DatasetsCli.Run("train", "--model", "gan", "--dataroot", "/nonexistent", "--z_dim", "-3");
        Assert.NotEqual(0, exit);
        Assert.Contains("--z_dim -3 is out of range", error, StringComparison.Ordinal);
        (exit, _, error) = DatasetsCli.Run("sample", "--name", "x", "--num", "0", "--output", "/tmp/none");
        Assert.NotEqual(0, exit);
        Assert.Contains("--num 0 is out of range; use 1 to 100000", error, StringComparison.Ordinal);
    }
}

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

namespace Pix2Pix.Cli.Tests;

public sealed class DatasetsSyntheticCommandTests : IDisposable
{
    private readonly DatasetsTempFolder _temp = new();

    [Fact]
    public void Make_synthetic_writes_the_three_splits_and_exits_zero()
    {
        var (exit, output, error) = DatasetsCli.Run("datasets", "make-synthetic", "--out", _temp["synth"], "--count", "3", "--size", "64", "--seed", "7");

        Assert.True(exit == 0, error);
        Assert.Equal(3, Directory.GetFiles(_temp["synth/train"], "*.png").Length);
        Assert.Single(Directory.GetFiles(_temp["synth/val"], "*.png"));
        Assert.Single(Directory.GetFiles(_temp["synth/test"], "*.png"));
        Assert.Contains("--direction BtoA", output, StringComparison.Ordinal);
        var image = Pix2Pix.Imaging.ImageCodecs.Load(_temp["synth/train/1.png"]);
        Assert.Equal((128, 64), (image.Width, image.Height));
    }

    [Fact]
    public void Explicit_val_and_test_counts_are_honoured_and_the_output_is_reproducible()
    {
        string[] args = ["datasets", "make-synthetic", "--count", "2", "--val_count", "0", "--test_count", "2", "--size", "64", "--seed", "3"];
        Assert.Equal(0, DatasetsCli.Run([.. args, "--out", _temp["a"]]).Exit);
        Assert.Equal(0, DatasetsCli.Run([.. args, "--out", _temp["b"]]).Exit);

        Assert.Empty(Directory.GetFiles(_temp["a/val"]));
        Assert.Equal(2, Directory.GetFiles(_temp["a/test"]).Length);
        Assert.Equal(File.ReadAllBytes(_temp["a/test/2.png"]), File.ReadAllBytes(_temp["b/test/2.png"]));
    }

    [Theory]
    [InlineData("--size", "32", "out of range")]
    [InlineData("--count", "0", "at least 1")]
    public void Invalid_values_exit_with_2_and_say_what_is_allowed(string flag, string value, string message)
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "make-synthetic", "--out", _temp["x"], flag, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp["x"]));
    }

    [Fact]
    public void Out_is_required()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "make-synthetic");
        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}

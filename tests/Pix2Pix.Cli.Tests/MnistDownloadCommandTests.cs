namespace Pix2Pix.Cli.Tests;

/// <summary><c>datasets download mnist</c> / <c>fashion_mnist</c> against a loopback server.</summary>
public sealed class MnistDownloadCommandTests : IDisposable
{
    private static readonly string[] FileNames =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    private readonly DatasetsTempFolder _temp = new();

    [Fact]
    public void Files_whose_md5_is_not_the_published_one_exit_non_zero_and_leave_nothing()
    {
        using var server = new DatasetsTestServer(FileNames.ToDictionary(f => "/fashion_mnist/" + f, _ => new byte[] { 0x1f, 0x8b, 1, 2, 3 }));
        string dir = _temp["data"];

        var (exit, output, error) = DatasetsCli.Run("datasets", "download", "fashion_mnist", "--dir", dir, "--base_url", server.BaseUrl);

        Assert.Equal(1, exit);
        Assert.Contains("Downloading " + server.BaseUrl + "/fashion_mnist/train-images-idx3-ubyte.gz", error, StringComparison.Ordinal);
        Assert.Contains("not the published 8d4fb7e6c68d591d4c3dfef9ec88bf0d", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void A_missing_file_on_the_server_exits_non_zero_and_leaves_no_folder()
    {
        using var server = new DatasetsTestServer([]);

        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "mnist", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.Equal(1, exit);
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("still gzipped", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void A_dataset_already_present_is_skipped_and_the_train_command_printed()
    {
        Directory.CreateDirectory(_temp["mnist"]);
        foreach (string file in FileNames)
            File.WriteAllText(_temp[Path.Combine("mnist", file)], "mine");

        var (exit, output, error) = DatasetsCli.Run("datasets", "download", "mnist", "--dir", _temp.Path, "--base_url", "http://127.0.0.1:1");

        Assert.True(exit == 0, error);
        Assert.Contains("already present", output, StringComparison.Ordinal);
        Assert.Contains($"pix2pix train --model gan --dataroot {Path.Combine(_temp.Path, "mnist")} --name mnist_gan", output, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(_temp[Path.Combine("mnist", FileNames[0])]));
    }

    [Fact]
    public void Help_and_the_unknown_name_message_list_mnist_and_fashion_mnist()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "mnistt", "--dir", _temp.Path);
        var (_, help, _) = DatasetsCli.Run("datasets", "download", "--help");

        Assert.NotEqual(0, exit);
        Assert.Contains("fashion_mnist", error, StringComparison.Ordinal);
        Assert.Contains("mnist, fashion_mnist", help, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}

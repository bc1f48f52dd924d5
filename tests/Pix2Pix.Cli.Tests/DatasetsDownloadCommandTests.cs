namespace Pix2Pix.Cli.Tests;

public sealed class DatasetsDownloadCommandTests : IDisposable
{
    private readonly DatasetsTempFolder _temp = new();

    [Fact]
    public void Download_fetches_and_unpacks_into_dir_name_and_exits_zero()
    {
        var archive = DatasetsTestServer.TarGz(("facades/train/1.jpg", "x"), ("facades/test/2.jpg", "y"));
        using var server = new DatasetsTestServer(new() { ["/pix2pix/datasets/facades.tar.gz"] = archive });

        var (exit, output, error) = DatasetsCli.Run("datasets", "download", "facades", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.True(exit == 0, error);
        Assert.Equal("x", File.ReadAllText(_temp["facades/train/1.jpg"]));
        Assert.Equal("y", File.ReadAllText(_temp["facades/test/2.jpg"]));
        Assert.Equal(["facades"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
        Assert.Contains("ready", output, StringComparison.Ordinal);
        Assert.Contains("100%", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_exits_non_zero_and_lists_the_valid_names()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "facadez", "--dir", _temp.Path);

        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown dataset 'facadez'", error, StringComparison.Ordinal);
        Assert.Contains("edges2handbags", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void Cityscapes_prints_how_to_get_it_by_hand_and_exits_non_zero()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "cityscapes", "--dir", _temp.Path);

        Assert.NotEqual(0, exit);
        Assert.Contains("license", error, StringComparison.Ordinal);
        Assert.Contains("gtFine_trainvaltest.zip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_exits_non_zero_with_the_url_to_fetch_by_hand()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "horse2zebra", "--dir", _temp.Path, "--base_url", "http://127.0.0.1:1");

        Assert.NotEqual(0, exit);
        Assert.Contains("Could not reach", error, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/cyclegan/datasets/horse2zebra.zip", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void A_malicious_archive_exits_non_zero_and_writes_nothing_outside()
    {
        var archive = DatasetsTestServer.TarGz(("maps/ok.jpg", "ok"), ("../../escaped.txt", "bad"));
        using var server = new DatasetsTestServer(new() { ["/pix2pix/datasets/maps.tar.gz"] = archive });
        string dir = _temp["data/sets"];

        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "maps", "--dir", dir, "--base_url", server.BaseUrl);

        Assert.NotEqual(0, exit);
        Assert.Contains("Refusing to unpack", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp["escaped.txt"]));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_source_option_selects_the_cyclegan_collection_and_rejects_other_values()
    {
        using var server = new DatasetsTestServer(new() { ["/cyclegan/datasets/facades.zip"] = [] });
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "facades", "--dir", _temp.Path, "--base_url", server.BaseUrl, "--source", "cyclegan");
        Assert.NotEqual(0, exit);
        Assert.Contains("/cyclegan/datasets/facades.zip", error, StringComparison.Ordinal); // an empty body is not a zip

        var (badExit, _, badError) = DatasetsCli.Run("datasets", "download", "facades", "--source", "cycle");
        Assert.Equal(2, badExit);
        Assert.Contains("cyclegan", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_url_that_is_not_http_is_refused_before_any_download()
    {
        var (exit, _, error) = DatasetsCli.Run("datasets", "download", "facades", "--dir", _temp.Path, "--base_url", "ftp://mirror.example");

        Assert.Equal(2, exit);
        Assert.Contains("not an http(s) address", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    public void Dispose() => _temp.Dispose();
}

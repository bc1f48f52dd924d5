using System.Text;

namespace Pix2Pix.Cli.Tests;

public sealed class ModelsDownloadCommandTests : IDisposable
{
    private const string FacadesPath = "/pix2pix/models-pytorch/facades_label2photo.pth";
    private readonly DatasetsTempFolder _temp = new();

    /// <summary>The first bytes of a legacy torch.save file (pickle protocol 2), then filler.</summary>
    private static readonly byte[] FakePth = [0x80, 0x02, 0x8a, 0x0a, .. Enumerable.Range(0, 2000).Select(i => (byte)i)];

    private string Target => _temp["facades_label2photo_pretrained/latest_net_G.pth"];

    [Fact]
    public void Download_saves_name_pretrained_latest_net_G_and_exits_zero()
    {
        using var server = new DatasetsTestServer(new() { [FacadesPath] = FakePth });

        var (exit, output, error) = DatasetsCli.Run("models", "download", "facades_label2photo", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.True(exit == 0, error);
        Assert.Equal(FakePth, File.ReadAllBytes(Target));
        Assert.Equal([Target], Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories).Where(File.Exists));
        Assert.Contains("100%", error, StringComparison.Ordinal);
        Assert.Contains("--direction BtoA", output, StringComparison.Ordinal);
        Assert.Contains("unet_256", output, StringComparison.Ordinal);
        Assert.Contains("Run it here: pix2pix translate --checkpoint ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_model_is_not_downloaded_again()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        File.WriteAllBytes(Target, FakePth);
        using var server = new DatasetsTestServer([]); // any request would get a 404

        var (exit, output, error) = DatasetsCli.Run("models", "download", "facades_label2photo", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.True(exit == 0, error);
        Assert.Contains("already there; not downloading it again", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Downloading", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_html_page_instead_of_the_model_exits_non_zero_and_leaves_no_file()
    {
        var page = Encoding.UTF8.GetBytes("<html><body>The page you requested has moved.</body></html>");
        using var server = new DatasetsTestServer(new() { [FacadesPath] = page });

        var (exit, _, error) = DatasetsCli.Run("models", "download", "facades_label2photo", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.Equal(1, exit);
        Assert.Contains("something other than a PyTorch file", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void An_unreachable_server_exits_non_zero_with_the_url_to_fetch_by_hand()
    {
        var (exit, _, error) = DatasetsCli.Run("models", "download", "horse2zebra", "--dir", _temp.Path, "--base_url", "http://127.0.0.1:1");

        Assert.Equal(1, exit);
        Assert.Contains("Could not reach", error, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/cyclegan/pretrained_models/horse2zebra.pth", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void An_unknown_name_exits_2_with_a_suggestion_and_the_list()
    {
        var (exit, _, error) = DatasetsCli.Run("models", "download", "horse2zebar", "--dir", _temp.Path);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown pretrained model 'horse2zebar'. Did you mean 'horse2zebra'?", error, StringComparison.Ordinal);
        Assert.Contains("edges2shoes", error, StringComparison.Ordinal);
        Assert.Contains("style_vangogh", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void A_name_outside_the_chosen_family_exits_2_listing_that_family()
    {
        var (exit, _, error) = DatasetsCli.Run("models", "download", "edges2shoes", "--family", "cycle_gan", "--dir", _temp.Path);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown pretrained model 'edges2shoes' in the cycle_gan collection", error, StringComparison.Ordinal);
        Assert.Contains("horse2zebra", error, StringComparison.Ordinal);
        Assert.DoesNotContain("day2night", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dir", "", "--dir is empty")]
    [InlineData("--base_url", "ftp://mirror.example", "not an http(s) address")]
    [InlineData("--base_url", "efrosgans.eecs.berkeley.edu", "not an http(s) address")]
    [InlineData("--family", "cyclegan", "cycle_gan")]
    public void Bad_flags_exit_2_with_a_message(string flag, string value, string message)
    {
        var (exit, _, error) = DatasetsCli.Run("models", "download", "facades_label2photo", flag, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_family_option_picks_the_cyclegan_model_of_a_name_in_both()
    {
        using var server = new DatasetsTestServer(new() { ["/cyclegan/pretrained_models/facades_label2photo.pth"] = FakePth });

        var (exit, output, error) = DatasetsCli.Run("models", "download", "facades_label2photo", "--family", "cycle_gan", "--dir", _temp.Path, "--base_url", server.BaseUrl);

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Target));
        Assert.Contains("resnet_9blocks", output, StringComparison.Ordinal);
    }

    [Fact]
    public void List_prints_every_name_with_its_family()
    {
        var (exit, output, _) = DatasetsCli.Run("models", "list");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(23, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("day2night ", StringComparison.Ordinal) && l.Contains(" pix2pix ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("horse2zebra ", StringComparison.Ordinal) && l.Contains(" cycle_gan ", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();
}

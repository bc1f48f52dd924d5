using System.Diagnostics;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Gan.Tests.Downloads;

public sealed class ModelDownloaderTests : IDisposable
{
    private const string Target = "checkpoints/facades_label2photo_pretrained/latest_net_G.pth";
    private readonly TempFolder _temp = new();
    private readonly ModelDownloader _downloader = new(TimeSpan.FromSeconds(5));

    private string Checkpoints => _temp["checkpoints"];

    [Fact]
    public async Task A_legacy_pth_lands_at_name_pretrained_latest_net_G_only_when_complete()
    {
        var body = FakeCheckpoints.LegacyPickle();
        using var server = new LoopbackHttpServer(new() { ["/pix2pix/models-pytorch/facades_label2photo.pth"] = body });
        var visibleDuringDownload = new List<string[]>();

        var result = await _downloader.DownloadAsync(ModelCatalog.Find("facades_label2photo"), Checkpoints, server.BaseUrl,
            new SyncProgress(_ => visibleDuringDownload.Add(_temp.Listing())));

        Assert.Equal(_temp[Target], result.Path);
        Assert.False(result.AlreadyPresent);
        Assert.Equal(["checkpoints", "checkpoints/facades_label2photo_pretrained", Target], _temp.Listing());
        Assert.Equal(body, File.ReadAllBytes(_temp[Target]));
        Assert.NotEmpty(visibleDuringDownload);
        Assert.All(visibleDuringDownload, listing => Assert.DoesNotContain(Target, listing));
    }

    [Fact]
    public async Task A_zip_pth_of_a_cyclegan_model_is_fetched_from_pretrained_models()
    {
        var body = FakeCheckpoints.Zip();
        using var server = new LoopbackHttpServer(new() { ["/cyclegan/pretrained_models/horse2zebra.pth"] = body });

        var result = await _downloader.DownloadAsync(ModelCatalog.Find("horse2zebra"), Checkpoints, server.BaseUrl);

        Assert.Equal(_temp["checkpoints/horse2zebra_pretrained/latest_net_G.pth"], result.Path);
        Assert.Equal(body, File.ReadAllBytes(result.Path));
    }

    [Fact]
    public async Task An_html_page_served_with_200_is_refused_and_leaves_no_file()
    {
        using var server = new LoopbackHttpServer(new() { ["/pix2pix/models-pytorch/facades_label2photo.pth"] = FakeCheckpoints.HtmlErrorPage() });

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(
            () => _downloader.DownloadAsync(ModelCatalog.Find("facades_label2photo"), Checkpoints, server.BaseUrl));

        Assert.Contains("something other than a PyTorch file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("<!DOCTYPE html>", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task A_failure_removes_only_the_folders_it_created()
    {
        Directory.CreateDirectory(_temp["checkpoints/mine"]);
        using var server = new LoopbackHttpServer([]);

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(
            () => _downloader.DownloadAsync(ModelCatalog.Find("day2night"), Checkpoints, server.BaseUrl));

        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["checkpoints", "checkpoints/mine"], _temp.Listing());
    }

    [Fact]
    public async Task An_existing_pytorch_file_is_kept_and_not_downloaded_again()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp[Target])!);
        var mine = FakeCheckpoints.Zip(100);
        File.WriteAllBytes(_temp[Target], mine);
        using var server = new LoopbackHttpServer(new() { ["/pix2pix/models-pytorch/facades_label2photo.pth"] = FakeCheckpoints.LegacyPickle() });

        var result = await _downloader.DownloadAsync(ModelCatalog.Find("facades_label2photo"), Checkpoints, server.BaseUrl);

        Assert.True(result.AlreadyPresent);
        Assert.Equal(0, server.Requests);
        Assert.Equal(mine, File.ReadAllBytes(_temp[Target]));
    }

    [Fact]
    public async Task An_existing_file_that_is_not_pytorch_is_reported_and_kept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp[Target])!);
        File.WriteAllBytes(_temp[Target], []);
        using var server = new LoopbackHttpServer([]);

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(
            () => _downloader.DownloadAsync(ModelCatalog.Find("facades_label2photo"), Checkpoints, server.BaseUrl));

        Assert.Contains("not a PyTorch file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.True(File.Exists(_temp[Target]));
    }

    [Fact]
    public async Task Unreachable_server_fails_fast_with_advice_to_download_by_hand()
    {
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ModelDownloadException>(
            () => _downloader.DownloadAsync(ModelCatalog.Find("sat2map"), Checkpoints, "http://127.0.0.1:1"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("Could not reach 127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/pix2pix/models-pytorch/sat2map.pth", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_temp["checkpoints/sat2map_pretrained/latest_net_G.pth"], ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    public void Dispose()
    {
        _downloader.Dispose();
        _temp.Dispose();
    }
}

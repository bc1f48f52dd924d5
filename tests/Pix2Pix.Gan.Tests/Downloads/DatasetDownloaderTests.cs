using System.Diagnostics;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Gan.Tests.Downloads;

public sealed class DatasetDownloaderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetDownloader _downloader = new(TimeSpan.FromSeconds(5));

    [Fact]
    public async Task A_pix2pix_tar_gz_is_downloaded_unpacked_to_dir_name_and_the_archive_deleted()
    {
        var archive = TestArchives.TarGz(
            ("facades/", null, null),
            ("facades/train/1.jpg", "one", null),
            ("facades/val/2.jpg", "two", null));
        using var server = new LoopbackHttpServer(new() { ["/pix2pix/datasets/facades.tar.gz"] = archive });
        var reports = new List<DownloadProgress>();

        string folder = await _downloader.DownloadAsync(DatasetCatalog.Find("facades"), _temp.Path, server.BaseUrl, new SyncProgress(reports.Add));

        Assert.Equal(_temp["facades"], folder);
        Assert.Equal(["facades", "facades/train", "facades/train/1.jpg", "facades/val", "facades/val/2.jpg"], _temp.Listing());
        Assert.Equal("one", File.ReadAllText(_temp["facades/train/1.jpg"]));
        Assert.Equal(new DownloadProgress(archive.Length, archive.Length), reports[^1]);
    }

    [Fact]
    public async Task A_cyclegan_zip_is_downloaded_and_unpacked_to_dir_name()
    {
        var archive = TestArchives.Zip(("mini/trainA/a.jpg", "A"), ("mini/trainB/b.jpg", "B"));
        using var server = new LoopbackHttpServer(new() { ["/cyclegan/datasets/mini.zip"] = archive });

        await _downloader.DownloadAsync(DatasetCatalog.Find("mini"), _temp.Path, server.BaseUrl);

        Assert.Equal(["mini", "mini/trainA", "mini/trainA/a.jpg", "mini/trainB", "mini/trainB/b.jpg"], _temp.Listing());
    }

    [Fact]
    public async Task An_archive_with_a_parent_directory_entry_is_rejected_and_writes_nothing()
    {
        var archive = TestArchives.TarGz(("facades/train/1.jpg", "ok", null), ("../evil.txt", "pwned", null));
        using var server = new LoopbackHttpServer(new() { ["/pix2pix/datasets/facades.tar.gz"] = archive });
        string dir = _temp["datasets"];

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(DatasetCatalog.Find("facades"), dir, server.BaseUrl));

        Assert.Contains("../evil.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp["evil.txt"]));
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task A_zip_with_a_parent_directory_entry_is_rejected_and_writes_nothing()
    {
        var archive = TestArchives.Zip(("mini/a.txt", "ok"), ("../../evil.txt", "pwned"));
        using var server = new LoopbackHttpServer(new() { ["/cyclegan/datasets/mini.zip"] = archive });
        string dir = _temp["datasets"];

        await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(DatasetCatalog.Find("mini"), dir, server.BaseUrl));

        Assert.Empty(_temp.Listing());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_temp.Path)!, "evil.txt")));
    }

    [Fact]
    public async Task Unreachable_server_fails_fast_with_advice_to_download_by_hand()
    {
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => _downloader.DownloadAsync(DatasetCatalog.Find("facades"), _temp.Path, "http://127.0.0.1:1"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("Could not reach 127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/pix2pix/datasets/facades.tar.gz", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_temp["facades"], ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task A_missing_file_on_the_server_reports_the_status_and_leaves_no_temporary_files()
    {
        using var server = new LoopbackHttpServer([]);
        string dir = _temp["datasets"];

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(DatasetCatalog.Find("maps"), dir, server.BaseUrl));

        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task An_existing_non_empty_dataset_folder_is_not_overwritten()
    {
        Directory.CreateDirectory(_temp["facades"]);
        File.WriteAllText(_temp["facades/keep.txt"], "mine");
        using var server = new LoopbackHttpServer([]);

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(DatasetCatalog.Find("facades"), _temp.Path, server.BaseUrl));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.Equal("mine", File.ReadAllText(_temp["facades/keep.txt"]));
    }

    [Fact]
    public async Task Cityscapes_is_refused_with_manual_instructions_without_any_request()
    {
        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => _downloader.DownloadAsync(DatasetCatalog.Find("cityscapes"), _temp.Path, "http://127.0.0.1:1"));

        Assert.Contains("cityscapes-dataset.com", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    public void Dispose()
    {
        _downloader.Dispose();
        _temp.Dispose();
    }
}

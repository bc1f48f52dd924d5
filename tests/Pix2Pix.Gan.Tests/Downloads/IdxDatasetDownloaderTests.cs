using Pix2Pix.Tests.Support;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Downloads;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Downloads;

/// <summary>MNIST-style downloads against a loopback server holding tiny gzipped IDX files.</summary>
public sealed class IdxDatasetDownloaderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetDownloader _downloader = new(TimeSpan.FromSeconds(5));

    /// <summary>Three 28×28 images and labels per split, gzipped, by file name.</summary>
    private static Dictionary<string, byte[]> FakeFiles()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (string prefix in new[] { "train", "t10k" })
        {
            var pixels = Enumerable.Range(0, 3 * 28 * 28).Select(i => (byte)(i % 251)).ToArray();
            files[$"{prefix}-images-idx3-ubyte.gz"] = IdxFiles.Gzip(IdxFiles.Build([3, 28, 28], pixels));
            files[$"{prefix}-labels-idx1-ubyte.gz"] = IdxFiles.Gzip(IdxFiles.Build([3], [7, 1, 4]));
        }
        return files;
    }

    /// <summary>The catalog's entry with the fake files' MD5s in place of the published ones.</summary>
    private static DatasetEntry WithMd5sOf(string name, Dictionary<string, byte[]> files) =>
        DatasetCatalog.Find(name) with { Files = DatasetCatalog.Find(name).Files.Select(f => f with { Md5 = TestMd5.Of(files[f.FileName]) }).ToArray() };

    private static Dictionary<string, byte[]> Served(string folder, Dictionary<string, byte[]> files) =>
        files.ToDictionary(kv => $"/{folder}/{kv.Key}", kv => kv.Value);

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion_mnist")]
    public async Task The_four_files_land_gzipped_in_dir_name_and_load_with_MnistDataset(string name)
    {
        var files = FakeFiles();
        using var server = new LoopbackHttpServer(Served(name, files));
        var reports = new List<DownloadProgress>();
        var log = new List<string>();
        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(5)) { Log = log.Add };

        string folder = await downloader.DownloadAsync(WithMd5sOf(name, files), _temp.Path, server.BaseUrl, new SyncProgress(reports.Add));

        Assert.Equal(_temp[name], folder);
        Assert.Equal([name, .. files.Keys.Select(f => $"{name}/{f}").Order(StringComparer.Ordinal)], _temp.Listing());
        foreach (var (file, bytes) in files)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(folder, file)));
        Assert.Equal(4, log.Count(l => l.StartsWith("Downloading " + server.BaseUrl + "/" + name + "/", StringComparison.Ordinal)));
        Assert.Equal(4, reports.Count(r => r.BytesReceived == 0));
        var dataset = new MnistDataset(new DataOptions { DataRoot = folder, DatasetMode = DatasetMode.Mnist, InputNc = 1, OutputNc = 1, CropSize = 28, LoadSize = 28 });
        Assert.Equal(6, dataset.Count);
        Assert.Equal(4, dataset.Label(2));
    }

    [Fact]
    public async Task A_file_whose_md5_differs_from_the_published_one_is_refused_and_leaves_nothing()
    {
        using var server = new LoopbackHttpServer(Served("mnist", FakeFiles()));
        string dir = _temp["datasets"];

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(DatasetCatalog.Find("mnist"), dir, server.BaseUrl));

        Assert.Contains("MD5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("f68b3c2dcbeaaa9fbdd348bbdeb94873", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task A_404_on_one_file_leaves_no_partial_folder()
    {
        var files = FakeFiles();
        var served = Served("mnist", files);
        served.Remove("/mnist/t10k-labels-idx1-ubyte.gz");
        using var server = new LoopbackHttpServer(served);
        string dir = _temp["datasets"];

        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => _downloader.DownloadAsync(WithMd5sOf("mnist", files), dir, server.BaseUrl));

        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/mnist/t10k-labels-idx1-ubyte.gz", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task A_dataset_whose_four_files_are_present_is_skipped_without_a_request()
    {
        Directory.CreateDirectory(_temp["mnist"]);
        foreach (var file in DatasetCatalog.Find("mnist").Files)
            File.WriteAllText(_temp[$"mnist/{file.FileName}"], "mine");
        using var server = new LoopbackHttpServer([]);

        Assert.True(DatasetDownloader.IsPresent(DatasetCatalog.Find("mnist"), _temp.Path));
        string folder = await _downloader.DownloadAsync(DatasetCatalog.Find("mnist"), _temp.Path, server.BaseUrl);

        Assert.Equal(_temp["mnist"], folder);
        Assert.Equal(0, server.Requests);
        Assert.Equal("mine", File.ReadAllText(_temp["mnist/train-images-idx3-ubyte.gz"]));
    }

    [Fact]
    public async Task A_failing_mirror_is_followed_by_the_next_one()
    {
        var files = FakeFiles();
        using var broken = new LoopbackHttpServer([]);
        using var good = new LoopbackHttpServer(Served("mnist", files));
        var log = new List<string>();
        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(5)) { Log = log.Add };
        var entry = WithMd5sOf("mnist", files) with { Mirrors = [broken.BaseUrl + "/nothing/", good.BaseUrl + "/mnist/"] };

        await downloader.DownloadAsync(entry, _temp.Path, DatasetCatalog.DefaultBaseUrl);

        Assert.Equal(4, Directory.GetFiles(_temp["mnist"]).Length);
        Assert.Equal(4, broken.Requests);
        Assert.Contains(log, l => l.Contains("404", StringComparison.Ordinal) && l.Contains("Trying the next mirror", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _downloader.Dispose();
        _temp.Dispose();
    }
}

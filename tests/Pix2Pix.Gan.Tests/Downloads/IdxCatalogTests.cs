using Pix2Pix.Gan.Downloads;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Downloads;

public class IdxCatalogTests
{
    [Fact]
    public void The_catalog_lists_mnist_and_fashion_mnist_with_four_gzipped_files_each()
    {
        Assert.Contains("mnist", DatasetCatalog.Names);
        Assert.Contains("fashion_mnist", DatasetCatalog.Names);
        string[] expected = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        foreach (string name in new[] { "mnist", "fashion_mnist" })
        {
            var entry = DatasetCatalog.Find(name);
            Assert.Equal(DatasetSource.Idx, entry.Source);
            Assert.Equal(expected, entry.Files.Select(f => f.FileName));
            Assert.All(entry.Files, f => Assert.Matches("^[0-9a-f]{32}$", f.Md5));
        }
    }

    [Fact]
    public void The_authors_server_means_the_official_mirrors_in_torchvisions_order()
    {
        Assert.Equal(
            ["https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz", "http://yann.lecun.com/exdb/mnist/t10k-images-idx3-ubyte.gz"],
            DatasetCatalog.Find("mnist").FileUrls("t10k-images-idx3-ubyte.gz", DatasetCatalog.DefaultBaseUrl).Select(u => u.ToString()));
        Assert.Equal(
            ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz"],
            DatasetCatalog.Find("fashion_mnist").FileUrls("train-labels-idx1-ubyte.gz", DatasetCatalog.DefaultBaseUrl).Select(u => u.ToString()));
    }

    [Fact]
    public void Another_base_url_serves_name_slash_file()
    {
        Assert.Equal(
            ["http://mirror.example/data/fashion_mnist/t10k-labels-idx1-ubyte.gz"],
            DatasetCatalog.Find("fashion_mnist").FileUrls("t10k-labels-idx1-ubyte.gz", "http://mirror.example/data/").Select(u => u.ToString()));
    }

    [SharedDatasetFact("mnist")]
    public void The_published_mnist_md5s_match_the_real_t10k_files()
    {
        string folder = DataTestPaths.SharedDataset("mnist")!;
        foreach (var file in DatasetCatalog.Find("mnist").Files.Where(f => File.Exists(Path.Combine(folder, f.FileName))))
            Assert.Equal(file.Md5, TestMd5.Of(File.ReadAllBytes(Path.Combine(folder, file.FileName))));
        Assert.True(File.Exists(Path.Combine(folder, "t10k-images-idx3-ubyte.gz")), $"{folder} has no t10k-images-idx3-ubyte.gz");
        Assert.True(File.Exists(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz")), $"{folder} has no t10k-labels-idx1-ubyte.gz");
    }
}

using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Gan.Tests.Downloads;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("facades", null, "http://efrosgans.eecs.berkeley.edu/pix2pix/datasets/facades.tar.gz")]
    [InlineData("edges2shoes", null, "http://efrosgans.eecs.berkeley.edu/pix2pix/datasets/edges2shoes.tar.gz")]
    [InlineData("horse2zebra", null, "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/horse2zebra.zip")]
    [InlineData("mini_pix2pix", null, "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/mini_pix2pix.zip")]
    [InlineData("facades", nameof(DatasetSource.CycleGan), "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/facades.zip")]
    public void Official_names_map_to_the_reference_urls(string name, string? sourceName, string url)
    {
        DatasetSource? source = sourceName is null ? null : Enum.Parse<DatasetSource>(sourceName);
        Assert.Equal(url, DatasetCatalog.Find(name, source).Url(DatasetCatalog.DefaultBaseUrl).ToString());
    }

    [Fact]
    public void An_unknown_name_lists_the_valid_names()
    {
        var ex = Assert.Throws<DatasetDownloadException>(() => DatasetCatalog.Find("fa9ades"));
        Assert.Contains("Unknown dataset 'fa9ades'", ex.Message, StringComparison.Ordinal);
        foreach (string name in new[] { "facades", "night2day", "horse2zebra", "mini_colorization" })
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pix2pix_only_name_is_not_found_in_the_cyclegan_collection()
    {
        Assert.Throws<DatasetDownloadException>(() => DatasetCatalog.Find("edges2shoes", DatasetSource.CycleGan));
    }

    [Fact]
    public void Cityscapes_is_marked_manual_in_both_collections()
    {
        Assert.True(DatasetCatalog.Find("cityscapes").Manual);
        Assert.True(DatasetCatalog.Find("cityscapes", DatasetSource.CycleGan).Manual);
    }
}

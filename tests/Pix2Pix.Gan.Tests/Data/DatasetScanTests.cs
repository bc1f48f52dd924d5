using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class DatasetScanTests
{
    [Fact]
    public void Unaligned_bad_files_in_both_folders_are_listed_in_one_error()
    {
        using var tmp = new TempFolder();
        tmp.WritePng("trainA/a1.png", new Image(8, 8, 3));
        tmp.WritePng("trainB/b1.png", new Image(8, 8, 3));
        File.WriteAllBytes(tmp.Sub("trainA", "a2.png"), []);
        File.WriteAllText(tmp.Sub("trainB", "b2.jpg"), "not a jpeg");
        var options = new DataOptions { DataRoot = tmp.Path, DatasetMode = DatasetMode.Unaligned };
        var log = new StringWriter();

        var error = Assert.Throws<DataException>(() => DatasetScan.Prepare(options, skipBad: false, log));

        Assert.Contains("2 of 4 image files", error.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Sub("trainA", "a2.png"), error.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Sub("trainB", "b2.jpg"), error.Message, StringComparison.Ordinal);
        Assert.Contains("--skip_bad_images", error.Message, StringComparison.Ordinal);
        Assert.Contains("checked 4 images in", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_leaves_the_bad_files_out_of_the_dataset()
    {
        using var tmp = new TempFolder();
        tmp.WritePng("train/1.png", new Image(8, 4, 3));
        tmp.WritePng("train/2.png", new Image(8, 4, 3));
        File.WriteAllBytes(tmp.Sub("train", "3.png"), ImageCodecs.EncodePng(new Image(8, 4, 3))[..30]);
        var options = new DataOptions { DataRoot = tmp.Path, DatasetMode = DatasetMode.Aligned };

        var (kept, result) = DatasetScan.Prepare(options, skipBad: true, log: null);

        Assert.Equal(tmp.Sub("train", "3.png"), Assert.Single(result.Bad).Path);
        var dataset = (AlignedDataset)DatasetFactory.Create(kept);
        Assert.Equal([tmp.Sub("train", "1.png"), tmp.Sub("train", "2.png")], dataset.Paths);
    }

    [Fact]
    public void Only_the_files_within_max_dataset_size_are_checked()
    {
        using var tmp = new TempFolder();
        tmp.WritePng("1.png", new Image(4, 4, 3));
        File.WriteAllBytes(tmp.Sub("2.png"), []);
        var options = new DataOptions { DataRoot = tmp.Path, DatasetMode = DatasetMode.Single, MaxDatasetSize = 1 };

        var (_, result) = DatasetScan.Prepare(options, skipBad: false, log: null);

        Assert.Equal(1, result.Checked);
        Assert.Empty(result.Bad);
    }
}

using Pix2Pix.Tests.Support;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class MnistDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DataOptions Options(int cropSize = 28) =>
        new() { DataRoot = _temp.Path, DatasetMode = DatasetMode.Mnist, InputNc = 1, OutputNc = 1, CropSize = cropSize, LoadSize = cropSize };

    [Fact]
    public void Images_are_normalised_to_minus_one_one_and_labels_come_as_B()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 3);
        var dataset = (MnistDataset)DatasetFactory.Create(Options());
        Assert.Equal(3, dataset.Count);
        var s = dataset.GetItem(1, new DataRandom(0));
        Assert.Equal([1, 28, 28], s.A.ShapeArray());
        Assert.Equal((37 / 255f - 0.5f) / 0.5f, s.A.Data[0]);
        Assert.Equal((38 / 255f - 0.5f) / 0.5f, s.A.Data[1]);
        Assert.Equal([1f], s.B!.Data);
        Assert.Equal(-1f, dataset.GetItem(0, new DataRandom(0)).A.Data[0]);
        Assert.EndsWith("t10k-images-idx3-ubyte#1", s.APath, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzipped_train_and_t10k_pairs_are_both_read_train_first()
    {
        IdxFiles.WritePair(_temp.Path, "train", 4, gzip: true);
        IdxFiles.WritePair(_temp.Path, "t10k", 2);
        var dataset = new MnistDataset(Options());
        Assert.Equal(6, dataset.Count);
        Assert.Equal(3, dataset.Label(3));
        Assert.Equal(1, dataset.Label(5));
        Assert.Contains("t10k", dataset.GetItem(4, new DataRandom(0)).APath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_crop_size_pads_with_black_centred()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 1);
        var s = new MnistDataset(Options(32)).GetItem(0, new DataRandom(0));
        Assert.Equal([1, 32, 32], s.A.ShapeArray());
        Assert.Equal(-1f, s.A.Data[0]);
        Assert.Equal((1 / 255f - 0.5f) / 0.5f, s.A.Data[2 * 32 + 3]);
    }

    [Fact]
    public void A_batch_stacks_labels_as_N_by_1()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 5);
        using var loader = DataLoader.Create(Options() with { BatchSize = 4, SerialBatches = true, NumThreads = 0 });
        var batch = loader.Epoch(1).First();
        Assert.Equal([4, 1, 28, 28], batch.A.ShapeArray());
        Assert.Equal([0f, 1f, 2f, 3f], batch.B!.Data);
    }

    [Fact]
    public void A_truncated_file_is_named_with_what_to_do()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 3);
        string images = _temp.Sub("t10k-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);
        var ex = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains(images, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Download it again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_gzip_stream_is_named()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 3, gzip: true);
        string labels = _temp.Sub("t10k-labels-idx1-ubyte.gz");
        byte[] full = File.ReadAllBytes(labels);
        File.WriteAllBytes(labels, full[..(full.Length / 2)]);
        var ex = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains(labels, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Download it again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_files_are_reported_by_their_magic_numbers()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 3);
        File.Copy(_temp.Sub("t10k-labels-idx1-ubyte"), _temp.Sub("t10k-images-idx3-ubyte"), overwrite: true);
        var ex = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains("not an IDX image file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label file of a pair", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 3);
        File.WriteAllBytes(_temp.Sub("t10k-labels-idx1-ubyte"), IdxFiles.Build([2], [1, 2]));
        var ex = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains("holds 3 images", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_partner_or_an_empty_folder_says_which_files_are_expected()
    {
        var empty = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains("t10k-images-idx3-ubyte", empty.Message, StringComparison.Ordinal);
        IdxFiles.WritePair(_temp.Path, "t10k", 2);
        File.Delete(_temp.Sub("t10k-labels-idx1-ubyte"));
        var ex = Assert.Throws<DataException>(() => new MnistDataset(Options()));
        Assert.Contains("no partner", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_channels_or_a_smaller_crop_are_refused_with_the_right_flags()
    {
        IdxFiles.WritePair(_temp.Path, "t10k", 2);
        var channels = Assert.Throws<DataException>(() => new MnistDataset(Options() with { InputNc = 3 }));
        Assert.Contains("--input_nc 1 --output_nc 1", channels.Message, StringComparison.Ordinal);
        var crop = Assert.Throws<DataException>(() => new MnistDataset(Options(16)));
        Assert.Contains("--crop_size 28", crop.Message, StringComparison.Ordinal);
    }

    [SharedDatasetFact("mnist")]
    public void The_real_t10k_files_hold_10000_digits_of_every_class()
    {
        var dataset = new MnistDataset(Options() with { DataRoot = DataTestPaths.SharedDataset("mnist")! });
        Assert.Equal(10000, dataset.Count);
        Assert.Equal(28, dataset.Height);
        Assert.Equal(10, Enumerable.Range(0, dataset.Count).Select(dataset.Label).Distinct().Count());
        var s = dataset.GetItem(0, new DataRandom(0));
        Assert.Equal(7f, s.B!.Data[0]);   // the first t10k digit is a 7
        Assert.Equal(-1f, s.A.Data.Min());
        Assert.Equal(1f, s.A.Data.Max());
    }
}

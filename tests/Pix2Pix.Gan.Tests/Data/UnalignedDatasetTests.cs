using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class UnalignedDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public UnalignedDatasetTests()
    {
        for (int i = 0; i < 3; i++)
            _temp.WritePng($"trainA/a{i}.png", TestImages.Pattern(12, 10, i));
        for (int i = 0; i < 5; i++)
            _temp.WritePng($"trainB/b{i}.png", TestImages.Pattern(10, 12, 20 + i));
    }

    public void Dispose() => _temp.Dispose();

    private DataOptions Options => new()
    {
        DataRoot = _temp.Path,
        DatasetMode = DatasetMode.Unaligned,
        Preprocess = PreprocessMode.ResizeAndCrop,
        LoadSize = 10,
        CropSize = 8,
    };

    [Fact]
    public void Length_is_the_larger_folder_and_A_wraps_around()
    {
        var dataset = new UnalignedDataset(Options);
        Assert.Equal(5, dataset.Count);
        var sample = dataset.GetItem(4, new DataRandom(0));
        Assert.EndsWith("a1.png", sample.APath, StringComparison.Ordinal);
        Assert.Equal(new[] { 3, 8, 8 }, sample.A.Shape.ToArray());
        Assert.Equal(new[] { 3, 8, 8 }, sample.B!.Shape.ToArray());
    }

    [Fact]
    public void Serial_batches_pair_B_by_index_and_otherwise_B_is_drawn_at_random()
    {
        var serial = new UnalignedDataset(Options with { SerialBatches = true });
        for (int i = 0; i < 5; i++)
            Assert.EndsWith($"b{i}.png", serial.GetItem(i, new DataRandom(99)).BPath, StringComparison.Ordinal);

        var random = new UnalignedDataset(Options);
        var seen = new HashSet<string>();
        for (ulong s = 0; s < 40; s++)
            seen.Add(random.GetItem(0, new DataRandom(s)).BPath!);
        Assert.Equal(5, seen.Count);
        Assert.Equal(random.GetItem(0, new DataRandom(7)).BPath, random.GetItem(0, new DataRandom(7)).BPath);
    }

    [Fact]
    public void A_missing_B_folder_names_it_and_the_unaligned_layout()
    {
        Directory.Delete(_temp.Sub("trainB"), recursive: true);
        var ex = Assert.Throws<DataException>(() => new UnalignedDataset(Options));
        Assert.Contains(_temp.Sub("trainB"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("<dataroot>/trainA/ and <dataroot>/trainB/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_dataset_size_caps_each_folder()
    {
        var dataset = new UnalignedDataset(Options with { MaxDatasetSize = 2 });
        Assert.Equal(2, dataset.Count);
        Assert.Equal(2, dataset.PathsB.Count);
    }
}

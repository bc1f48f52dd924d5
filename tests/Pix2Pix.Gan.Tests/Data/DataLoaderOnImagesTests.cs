using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class DataLoaderOnImagesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public DataLoaderOnImagesTests()
    {
        for (int i = 0; i < 9; i++)
            _temp.WritePng($"train/{i}.png", TestImages.SideBySide(TestImages.Pattern(24, 20, i), TestImages.Pattern(24, 20, 50 + i)));
    }

    public void Dispose() => _temp.Dispose();

    private DataOptions Options(int threads) => new()
    {
        DataRoot = _temp.Path,
        DatasetMode = DatasetMode.Aligned,
        LoadSize = 20,
        CropSize = 16,
        BatchSize = 4,
        NumThreads = threads,
        Seed = 77,
    };

    [Fact]
    public void Decoded_and_augmented_batches_are_identical_for_one_and_three_threads()
    {
        using var one = new DataLoader(DatasetFactory.Create(Options(1)), Options(1));
        using var three = new DataLoader(DatasetFactory.Create(Options(3)), Options(3));
        var b1 = one.Epoch(3).ToList();
        var b3 = three.Epoch(3).ToList();
        Assert.Equal(new[] { 4, 4, 1 }, b1.Select(b => b.Size));
        Assert.Equal(b1.Count, b3.Count);
        for (int i = 0; i < b1.Count; i++)
        {
            Assert.Equal(b1[i].Indices, b3[i].Indices);
            Assert.Equal(b1[i].A.Data, b3[i].A.Data);
            Assert.Equal(b1[i].B!.Data, b3[i].B!.Data);
            Assert.Equal(b1[i].APaths, b3[i].APaths);
        }
        Assert.Equal(new[] { 4, 3, 16, 16 }, b1[0].A.Shape.ToArray());
    }

    [Fact]
    public void Another_seed_or_epoch_changes_the_augmentation()
    {
        using var loader = new DataLoader(DatasetFactory.Create(Options(2)), Options(2) with { SerialBatches = true });
        using var reseeded = new DataLoader(DatasetFactory.Create(Options(2)), Options(2) with { SerialBatches = true, Seed = 78 });
        float[] e1 = loader.Epoch(1).First().A.Data;
        Assert.Equal(e1, loader.Epoch(1).First().A.Data);
        Assert.NotEqual(e1, loader.Epoch(2).First().A.Data);
        Assert.NotEqual(e1, reseeded.Epoch(1).First().A.Data);
    }
}

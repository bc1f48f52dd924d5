using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class SingleDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void All_images_under_dataroot_are_used_recursively_with_A_only()
    {
        _temp.WritePng("x/1.png", TestImages.Pattern(12, 12, 1));
        _temp.WritePng("2.png", TestImages.Pattern(16, 8, 2));
        var options = new DataOptions { DataRoot = _temp.Path, DatasetMode = DatasetMode.Single, Preprocess = PreprocessMode.None, NoFlip = true, InputNc = 1 };
        var dataset = new SingleDataset(options);
        Assert.Equal(2, dataset.Count);
        Assert.False(dataset.HasB);
        var first = dataset.GetItem(0, new DataRandom(0));
        Assert.EndsWith("2.png", first.APath, StringComparison.Ordinal);
        Assert.Null(first.B);
        Assert.Same(first.A, first.Input(Direction.BtoA));
        Assert.Null(first.Target(Direction.BtoA));
        Assert.Equal(new[] { 1, 8, 16 }, first.A.Shape.ToArray());
        Assert.Equal(new[] { 1, 12, 12 }, dataset.GetItem(1, new DataRandom(0)).A.Shape.ToArray());
    }

    [Fact]
    public void An_empty_dataroot_explains_the_single_layout()
    {
        var options = new DataOptions { DataRoot = _temp.Path, DatasetMode = DatasetMode.Single };
        var ex = Assert.Throws<DataException>(() => DatasetFactory.Create(options));
        Assert.Contains("--dataset_mode single expects", ex.Message, StringComparison.Ordinal);
    }
}

using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging.Color;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class ColorizationDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DataOptions Options => new()
    {
        DataRoot = _temp.Path,
        DatasetMode = DatasetMode.Colorization,
        InputNc = 1,
        OutputNc = 2,
        Preprocess = PreprocessMode.None,
        NoFlip = true,
    };

    [Fact]
    public void A_is_L_over_50_minus_1_and_B_is_ab_over_110()
    {
        var image = TestImages.Pattern(12, 8, 4);
        _temp.WritePng("train/c.png", image);
        var sample = new ColorizationDataset(Options).GetItem(0, new DataRandom(0));
        Assert.Equal(new[] { 1, 8, 12 }, sample.A.Shape.ToArray());
        Assert.Equal(new[] { 2, 8, 12 }, sample.B!.Shape.ToArray());
        float[] lab = ColorSpace.RgbToLab(image);
        for (int i = 0; i < 96; i++)
        {
            Assert.Equal(lab[3 * i] / 50f - 1f, sample.A.Data[i]);
            Assert.Equal(lab[3 * i + 1] / 110f, sample.B.Data[i]);
            Assert.Equal(lab[3 * i + 2] / 110f, sample.B.Data[96 + i]);
        }
    }

    [Fact]
    public void White_is_L_one_and_gray_has_no_colour()
    {
        _temp.WritePng("train/w.png", TestImages.Solid(4, 4, 255, 255, 255));
        _temp.WritePng("train/x.png", TestImages.Solid(4, 4, 90, 90, 90));
        var dataset = new ColorizationDataset(Options);
        var white = dataset.GetItem(0, new DataRandom(0));
        Assert.All(white.A.Data, v => Assert.Equal(1f, v, 1e-4f));
        var gray = dataset.GetItem(1, new DataRandom(0));
        Assert.All(gray.B!.Data, v => Assert.Equal(0f, v, 1e-4f));
        Assert.All(gray.A.Data, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Colorization_reads_dataroot_phase_and_names_it_when_missing()
    {
        var ex = Assert.Throws<DataException>(() => new ColorizationDataset(Options));
        Assert.Contains(Path.Join(_temp.Path, "train"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("colorization", ex.Message, StringComparison.Ordinal);
    }
}

using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Data;

public sealed class AlignedDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DataOptions Options => new()
    {
        DataRoot = _temp.Path,
        DatasetMode = DatasetMode.Aligned,
        LoadSize = 36,
        CropSize = 32,
    };

    [Fact]
    public void Samples_have_A_and_B_of_crop_size_in_minus_one_to_one_and_the_pair_path()
    {
        for (int i = 0; i < 3; i++)
            _temp.WritePng($"train/{i}.png", TestImages.SideBySide(TestImages.Pattern(40, 30, i), TestImages.Pattern(40, 30, i + 10)));
        var dataset = new AlignedDataset(Options);
        Assert.Equal(3, dataset.Count);
        var sample = dataset.GetItem(1, new DataRandom(1));
        Assert.Equal(new[] { 3, 32, 32 }, sample.A.Shape.ToArray());
        Assert.Equal(new[] { 3, 32, 32 }, sample.B!.Shape.ToArray());
        Assert.All(sample.A.Data, v => Assert.InRange(v, -1f, 1f));
        Assert.EndsWith("1.png", sample.APath, StringComparison.Ordinal);
        Assert.Equal(sample.APath, sample.BPath);
    }

    [Fact]
    public void A_and_B_get_the_same_crop_and_flip()
    {
        var half = TestImages.Pattern(40, 30, 3);
        _temp.WritePng("train/same.png", TestImages.SideBySide(half, half));
        var dataset = new AlignedDataset(Options);
        int flipped = 0;
        for (ulong seed = 0; seed < 16; seed++)
        {
            var r = new DataRandom(seed);
            var sample = dataset.GetItem(0, r);
            Assert.Equal(sample.A.Data, sample.B!.Data);
            flipped += TransformParams.Draw(Options, 40, 30, new DataRandom(seed)).Flip ? 1 : 0;
        }
        Assert.InRange(flipped, 1, 15); // both flipped and unflipped draws were exercised
    }

    [Fact]
    public void A_is_the_left_half_and_B_the_right_half_exactly_without_resizing()
    {
        var left = TestImages.Pattern(8, 8, 1);
        var right = TestImages.Pattern(8, 8, 2);
        _temp.WritePng("test/p.png", TestImages.SideBySide(left, right));
        var options = Options with { Phase = "test", Preprocess = PreprocessMode.None, NoFlip = true };
        var sample = new AlignedDataset(options).GetItem(0, new DataRandom(0));
        Assert.Equal(ImageTransform.ToTensorData(left), sample.A.Data);
        Assert.Equal(ImageTransform.ToTensorData(right), sample.B!.Data);
    }

    [Fact]
    public void One_channel_sides_follow_the_direction()
    {
        _temp.WritePng("train/p.png", TestImages.SideBySide(TestImages.Pattern(8, 8, 1), TestImages.Pattern(8, 8, 2)));
        var options = Options with { Preprocess = PreprocessMode.None, NoFlip = true, InputNc = 1, OutputNc = 3 };
        var atob = new AlignedDataset(options).GetItem(0, new DataRandom(0));
        Assert.Equal((1, 3), (atob.A.Dim(0), atob.B!.Dim(0)));
        var btoa = new AlignedDataset(options with { Direction = Direction.BtoA }).GetItem(0, new DataRandom(0));
        Assert.Equal((3, 1), (btoa.A.Dim(0), btoa.B!.Dim(0)));
        Assert.Same(btoa.B, btoa.Input(Direction.BtoA));
        Assert.Same(btoa.A, btoa.Target(Direction.BtoA));
    }

    [Fact]
    public void A_missing_phase_folder_names_it_and_the_expected_layout()
    {
        var ex = Assert.Throws<DataException>(() => new AlignedDataset(Options));
        Assert.Contains(Path.Join(_temp.Path, "train"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("--dataset_mode aligned expects", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_lists_the_extensions_looked_for()
    {
        Directory.CreateDirectory(_temp.Sub("train"));
        File.WriteAllText(_temp.Sub("train", "notes.txt"), "x");
        var ex = Assert.Throws<DataException>(() => new AlignedDataset(Options));
        Assert.Contains("Found no images", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_odd_width_pair_is_an_error_naming_the_file()
    {
        string path = _temp.WritePng("train/odd.png", TestImages.Pattern(41, 20));
        var dataset = new AlignedDataset(Options);
        var ex = Assert.Throws<DataException>(() => dataset.GetItem(0, new DataRandom(0)));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("even width", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gray_and_RGBA_files_are_read_as_RGB()
    {
        var gray = new Image(8, 4, 1);
        var rgba = new Image(8, 4, 4);
        _temp.WritePng("train/g.png", gray);
        _temp.WritePng("train/r.png", rgba);
        var dataset = new AlignedDataset(Options with { Preprocess = PreprocessMode.None });
        Assert.Equal(3, dataset.GetItem(0, new DataRandom(0)).A.Dim(0));
        Assert.Equal(3, dataset.GetItem(1, new DataRandom(0)).B!.Dim(0));
    }

    [Fact]
    public void A_corrupt_file_fails_through_the_loader_naming_the_file()
    {
        _temp.WritePng("train/0.png", TestImages.SideBySide(TestImages.Pattern(8, 8), TestImages.Pattern(8, 8)));
        File.WriteAllBytes(_temp.Sub("train", "1.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        using var loader = DataLoader.Create(Options with { SerialBatches = true, NumThreads = 2 });
        var ex = Assert.Throws<ImageDecodeException>(() => loader.Epoch(1).ToList());
        Assert.Contains("1.png", ex.Message, StringComparison.Ordinal);
    }
}

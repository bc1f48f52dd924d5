using Pix2Pix.Gan.Synthetic;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Synthetic;

public sealed class SyntheticFacadesDatasetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pix2pix-synth-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void WriteDataset_creates_train_val_and_test_folders_of_aligned_pngs()
    {
        int written = SyntheticFacades.WriteDataset(_root, 4, 2, 1, 64, 5);

        Assert.Equal(7, written);
        Assert.Equal(["1.png", "2.png", "3.png", "4.png"], Names("train"));
        Assert.Equal(["1.png", "2.png"], Names("val"));
        Assert.Equal(["1.png"], Names("test"));
        var first = ImageCodecs.Load(Path.Combine(_root, "train", "1.png"));
        Assert.Equal((128, 64, 3), (first.Width, first.Height, first.Channels));
        Assert.Equal(SyntheticFacades.GenerateAligned(0, 64, 5).Pixels, first.Pixels);
        // val continues the index sequence after train, so splits never share an image.
        Assert.Equal(SyntheticFacades.GenerateAligned(4, 64, 5).Pixels, ImageCodecs.Load(Path.Combine(_root, "val", "1.png")).Pixels);
        Assert.Equal(SyntheticFacades.GenerateAligned(6, 64, 5).Pixels, ImageCodecs.Load(Path.Combine(_root, "test", "1.png")).Pixels);
    }

    [Fact]
    public void WriteDataset_twice_with_one_seed_writes_identical_files()
    {
        SyntheticFacades.WriteDataset(Path.Combine(_root, "a"), 2, 1, 1, 64, 99);
        SyntheticFacades.WriteDataset(Path.Combine(_root, "b"), 2, 1, 1, 64, 99);
        foreach (string phase in new[] { "train", "val", "test" })
        {
            foreach (string file in Directory.GetFiles(Path.Combine(_root, "a", phase)))
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(_root, "b", phase, Path.GetFileName(file))));
        }
    }

    private string[] Names(string phase) =>
        Directory.GetFiles(Path.Combine(_root, phase)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}

using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

/// <summary>The real horse2zebra dataset (../shared/datasets/horse2zebra); skipped when it is absent.</summary>
public class Horse2ZebraDatasetTests
{
    [SharedDatasetFact("horse2zebra", "testA")]
    public void Unaligned_horse2zebra_test_has_140_samples_and_reads_gray_files_as_RGB()
    {
        var options = new DataOptions
        {
            DataRoot = DataTestPaths.SharedDataset("horse2zebra")!,
            DatasetMode = DatasetMode.Unaligned,
            Phase = "test",
            SerialBatches = true,
        };
        var dataset = new UnalignedDataset(options);
        Assert.Equal(120, dataset.PathsA.Count);
        Assert.Equal(140, dataset.Count);
        var sample = dataset.GetItem(130, new DataRandom(0));
        Assert.Equal(new[] { 3, 256, 256 }, sample.A.Shape.ToArray());
        Assert.Equal(new[] { 3, 256, 256 }, sample.B!.Shape.ToArray());
        Assert.Equal(dataset.PathsA[10], sample.APath);
        Assert.Equal(dataset.PathsB[130], sample.BPath);
    }
}

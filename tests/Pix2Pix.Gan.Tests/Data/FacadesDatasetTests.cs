using System.Diagnostics;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Data;

/// <summary>The real facades dataset (../shared/datasets/facades); skipped when it is absent.</summary>
public class FacadesDatasetTests(ITestOutputHelper output)
{
    private static DataOptions Options => new()
    {
        DataRoot = DataTestPaths.SharedDataset("facades") ?? "",
        DatasetMode = DatasetMode.Aligned,
        Direction = Direction.BtoA,
        BatchSize = 4,
        NumThreads = 2,
        Seed = 1,
    };

    [SharedDatasetFact("facades", "train")]
    public void Aligned_facades_train_has_400_pairs_of_3x256x256()
    {
        var dataset = new AlignedDataset(Options);
        Assert.Equal(400, dataset.Count);
        var sample = dataset.GetItem(0, new DataRandom(0));
        Assert.Equal(new[] { 3, 256, 256 }, sample.A.Shape.ToArray());
        Assert.Equal(new[] { 3, 256, 256 }, sample.B!.Shape.ToArray());
        Assert.All(sample.A.Data, v => Assert.InRange(v, -1f, 1f));
        Assert.EndsWith("1.jpg", sample.APath, StringComparison.Ordinal);
    }

    [SharedDatasetFact("facades", "train")]
    public void Loader_decodes_facades_batches_and_reports_throughput()
    {
        var dataset = new AlignedDataset(Options);
        using var loader = new DataLoader(dataset, Options);
        var watch = Stopwatch.StartNew();
        int images = 0;
        foreach (var batch in loader.Epoch(1).Take(10))
        {
            Assert.Equal(new[] { 4, 3, 256, 256 }, batch.A.Shape.ToArray());
            images += batch.Size;
        }
        watch.Stop();
        output.WriteLine($"facades aligned, resize_and_crop 286→256, 2 threads: {images} images in {watch.Elapsed.TotalSeconds:F2} s = {images / watch.Elapsed.TotalSeconds:F1} images/s");
        Assert.Equal(40, images);
    }
}

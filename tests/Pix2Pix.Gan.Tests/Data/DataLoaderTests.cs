using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;

namespace Pix2Pix.Gan.Tests.Data;

public class DataLoaderTests
{
    /// <summary>Samples whose values encode the index and the sample's first random draw.</summary>
    private sealed class FakeDataset(int count, Func<int, int>? sizeOf = null, int failAt = -1) : IImageDataset
    {
        private int _calls;

        public int Count => count;

        public bool HasB => true;

        public int Calls => Volatile.Read(ref _calls);

        public DataSample GetItem(int index, DataRandom random)
        {
            Interlocked.Increment(ref _calls);
            if (index == failAt)
                throw new InvalidOperationException($"cannot decode sample {index}");
            int size = sizeOf?.Invoke(index) ?? 2;
            float draw = random.NextInclusive(0, 1000);
            var a = new Tensor(Enumerable.Repeat((float)index, size * size).ToArray(), 1, size, size);
            var b = new Tensor(Enumerable.Repeat(draw, size * size).ToArray(), 1, size, size);
            return new DataSample(a, b, $"a{index}", $"b{index}");
        }
    }

    private static DataOptions Options(int batch, int threads, bool serial = false) =>
        new() { DataRoot = "unused", DatasetMode = DatasetMode.Aligned, BatchSize = batch, NumThreads = threads, SerialBatches = serial, Seed = 1234 };

    private static List<(float[] A, float[] B, int[] Indices)> Run(DataLoader loader, int epoch) =>
        loader.Epoch(epoch).Select(b => (b.A.Data, b.B!.Data, b.Indices.ToArray())).ToList();

    [Fact]
    public void Batches_are_identical_for_zero_one_and_three_threads()
    {
        var dataset = new FakeDataset(23);
        using var l0 = new DataLoader(dataset, Options(4, 0));
        using var l1 = new DataLoader(dataset, Options(4, 1));
        using var l3 = new DataLoader(dataset, Options(4, 3));
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            var r0 = Run(l0, epoch);
            var r1 = Run(l1, epoch);
            var r3 = Run(l3, epoch);
            Assert.Equal(r0.Count, r3.Count);
            for (int i = 0; i < r0.Count; i++)
            {
                Assert.Equal(r0[i].Indices, r1[i].Indices);
                Assert.Equal(r0[i].Indices, r3[i].Indices);
                Assert.Equal(r0[i].A, r3[i].A);
                Assert.Equal(r0[i].B, r1[i].B);
                Assert.Equal(r0[i].B, r3[i].B);
            }
        }
    }

    [Fact]
    public void Every_index_is_visited_once_per_epoch_and_epochs_are_shuffled_differently()
    {
        using var loader = new DataLoader(new FakeDataset(50), Options(8, 2));
        var e1 = Run(loader, 1).SelectMany(b => b.Indices).ToArray();
        var e2 = Run(loader, 2).SelectMany(b => b.Indices).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), e1.Order());
        Assert.Equal(Enumerable.Range(0, 50), e2.Order());
        Assert.NotEqual(e1, e2);
        Assert.NotEqual(Enumerable.Range(0, 50), e1);
    }

    [Fact]
    public void Serial_batches_keep_the_dataset_order()
    {
        using var loader = new DataLoader(new FakeDataset(10), Options(3, 2, serial: true));
        Assert.Equal(Enumerable.Range(0, 10), Run(loader, 1).SelectMany(b => b.Indices));
    }

    [Fact]
    public void The_last_partial_batch_is_kept_and_tensors_are_stacked_NCHW()
    {
        using var loader = new DataLoader(new FakeDataset(7), Options(3, 1));
        var batches = loader.Epoch(1).ToList();
        Assert.Equal(3, loader.BatchCount);
        Assert.Equal(new[] { 3, 3, 1 }, batches.Select(b => b.Size));
        Assert.Equal(new[] { 3, 1, 2, 2 }, batches[0].A.Shape.ToArray());
        Assert.Equal(new[] { 1, 1, 2, 2 }, batches[2].B!.Shape.ToArray());
        // Each sample's block holds its own index.
        for (int n = 0; n < 3; n++)
            Assert.All(batches[0].A.Data.AsSpan(n * 4, 4).ToArray(), v => Assert.Equal(batches[0].Indices[n], (int)v));
        Assert.Equal($"a{batches[0].Indices[1]}", batches[0].APaths[1]);
    }

    [Fact]
    public void Max_dataset_size_limits_the_samples_per_epoch()
    {
        using var loader = new DataLoader(new FakeDataset(20), Options(4, 1) with { MaxDatasetSize = 6 });
        Assert.Equal(6, loader.Count);
        Assert.Equal(6, Run(loader, 1).Sum(b => b.Indices.Length));
    }

    [Fact]
    public void Mixed_image_sizes_in_one_batch_are_a_clear_error()
    {
        using var loader = new DataLoader(new FakeDataset(4, i => i == 2 ? 3 : 2), Options(4, 2, serial: true));
        var ex = Assert.Throws<DataException>(() => loader.Epoch(1).ToList());
        Assert.Contains("different sizes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--batch_size 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decode_error_on_a_worker_surfaces_at_its_batch()
    {
        using var loader = new DataLoader(new FakeDataset(9, failAt: 5), Options(2, 3, serial: true));
        var seen = new List<int>();
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var batch in loader.Epoch(1))
                seen.AddRange(batch.Indices);
        });
        Assert.Contains("sample 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 0, 1, 2, 3 }, seen);
    }

    [Fact]
    public void Workers_stay_within_the_prefetch_window_and_stop_when_the_epoch_is_abandoned()
    {
        var dataset = new FakeDataset(200);
        using var loader = new DataLoader(dataset, Options(2, 3), prefetchSamples: 6);
        using (var e = loader.Epoch(1).GetEnumerator())
        {
            Assert.True(e.MoveNext());
            Thread.Sleep(200);
            Assert.InRange(dataset.Calls, 2, 2 + 6);
        }
        int afterStop = dataset.Calls;
        Thread.Sleep(100);
        Assert.Equal(afterStop, dataset.Calls);
    }

    [Fact]
    public void A_disposed_loader_refuses_new_epochs()
    {
        var loader = new DataLoader(new FakeDataset(3), Options(1, 1));
        loader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loader.Epoch(1));
    }

    [Fact]
    public void Skipping_batches_gives_the_rest_of_the_epoch_without_decoding_the_skipped_samples()
    {
        var dataset = new FakeDataset(10);
        using var loader = new DataLoader(dataset, Options(3, 2));
        var full = Run(loader, 4);
        int before = dataset.Calls;
        var rest = loader.Epoch(4, skipBatches: 2).Select(b => (b.A.Data, b.B!.Data, b.Indices.ToArray())).ToList();
        Assert.Equal(4, dataset.Calls - before);
        Assert.Equal(2, rest.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(full[i + 2].Indices, rest[i].Item3);
            Assert.Equal(full[i + 2].B, rest[i].Item2);
        }
        Assert.Empty(loader.Epoch(4, skipBatches: 9));
    }
}

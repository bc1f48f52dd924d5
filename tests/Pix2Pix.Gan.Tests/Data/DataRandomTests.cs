using Pix2Pix.Gan.Data;

namespace Pix2Pix.Gan.Tests.Data;

public class DataRandomTests
{
    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_a_different_one()
    {
        var a = new DataRandom(42);
        var b = new DataRandom(42);
        var c = new DataRandom(43);
        ulong[] sa = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        ulong[] sb = Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray();
        ulong[] sc = Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void Per_sample_generators_differ_by_epoch_and_index()
    {
        ulong s00 = DataRandom.ForSample(7, 0, 0).NextUInt64();
        Assert.Equal(s00, DataRandom.ForSample(7, 0, 0).NextUInt64());
        Assert.NotEqual(s00, DataRandom.ForSample(7, 1, 0).NextUInt64());
        Assert.NotEqual(s00, DataRandom.ForSample(7, 0, 1).NextUInt64());
        Assert.NotEqual(s00, DataRandom.ForSample(8, 0, 0).NextUInt64());
    }

    [Fact]
    public void NextInclusive_covers_both_ends_evenly()
    {
        var r = new DataRandom(1);
        int[] counts = new int[4];
        for (int i = 0; i < 40000; i++)
            counts[r.NextInclusive(0, 3)]++;
        Assert.All(counts, n => Assert.InRange(n, 9500, 10500));
        Assert.Equal(5, r.NextInclusive(5, 5));
    }

    [Fact]
    public void NextDouble_is_in_the_unit_interval_with_mean_one_half()
    {
        var r = new DataRandom(3);
        double sum = 0;
        for (int i = 0; i < 20000; i++)
        {
            double d = r.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999);
            sum += d;
        }
        Assert.InRange(sum / 20000, 0.49, 0.51);
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        int[] items = Enumerable.Range(0, 100).ToArray();
        new DataRandom(5).Shuffle(items);
        Assert.NotEqual(Enumerable.Range(0, 100), items);
        Assert.Equal(Enumerable.Range(0, 100), items.Order());
    }
}

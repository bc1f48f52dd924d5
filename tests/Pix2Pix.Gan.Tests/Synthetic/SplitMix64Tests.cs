using Pix2Pix.Gan.Synthetic;

namespace Pix2Pix.Gan.Tests.Synthetic;

public class SplitMix64Tests
{
    [Fact]
    public void SplitMix64_matches_the_published_sequence_for_seed_zero()
    {
        // First outputs of Vigna's splitmix64.c with x = 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void Next_stays_in_range_and_reaches_both_ends()
    {
        var rng = new SplitMix64(7);
        var seen = new bool[5];
        for (int i = 0; i < 1000; i++)
        {
            int v = rng.Next(3, 8);
            Assert.InRange(v, 3, 7);
            seen[v - 3] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void NextDouble_is_in_the_unit_interval_with_a_mean_near_one_half()
    {
        var rng = new SplitMix64(11);
        double sum = 0;
        for (int i = 0; i < 10000; i++)
        {
            double v = rng.NextDouble();
            Assert.InRange(v, 0.0, 1.0 - 1e-17);
            sum += v;
        }
        Assert.InRange(sum / 10000, 0.48, 0.52);
    }
}

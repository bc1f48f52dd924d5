namespace Pix2Pix.Gan.Data;

/// <summary>
/// A small seeded generator (SplitMix64) for shuffling and augmentation. Its sequence is fixed by this file, not by
/// System.Random's implementation, and each sample gets its own generator from (seed, epoch, index) so that results
/// do not depend on which thread decodes which sample.
/// </summary>
internal sealed class DataRandom
{
    private ulong _state;

    public DataRandom(ulong seed)
    {
        _state = seed;
    }

    /// <summary>A generator for one (epoch, index) pair; different pairs give independent-looking streams.</summary>
    public static DataRandom ForSample(ulong seed, int epoch, int index) =>
        new(Mix(Mix(Mix(seed) ^ (ulong)(uint)epoch) ^ ((ulong)(uint)index << 32 | 0x5EEDu)));

    /// <summary>The generator that orders an epoch's samples.</summary>
    public static DataRandom ForEpoch(ulong seed, int epoch) =>
        new(Mix(Mix(seed ^ 0xE90C4u) ^ (ulong)(uint)epoch));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A uniform integer in [min, max], both inclusive (like Python's random.randint).</summary>
    public int NextInclusive(int min, int max)
    {
        if (max < min)
            throw new ArgumentOutOfRangeException(nameof(max), $"max {max} is below min {min}.");
        ulong range = (ulong)((long)max - min) + 1;
        // Rejection sampling keeps every value equally likely.
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)((long)min + (long)(r % range));
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (like Python's random.random).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInclusive(0, i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

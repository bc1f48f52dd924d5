namespace Pix2Pix.Engine;

/// <summary>
/// The engine's seeded random generator: xoshiro256** seeded through SplitMix64, uniform floats and
/// Box–Muller normals. Same seed → same sequence on every machine. <see cref="State"/> can be read and
/// restored exactly (including a pending Box–Muller value), so a resumed run draws what the original would have.
/// Not thread-safe: give each consumer its own instance.
/// </summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpare;
    private double _spare;

    public Rng(ulong seed) => Reset(seed);

    /// <summary>A process-wide generator used by modules created without their own (like <c>torch.manual_seed</c>).</summary>
    public static Rng Shared { get; } = new(0);

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public void Reset(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        _hasSpare = false;
        _spare = 0;
    }

    /// <summary>The complete generator state; assigning a state read earlier replays the same draws.</summary>
    public RngState State
    {
        get => new(_s0, _s1, _s2, _s3, _hasSpare, _spare);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
                throw new ArgumentException("An all-zero xoshiro256** state never leaves zero; restore a state read from Rng.State.", nameof(value));
            (_s0, _s1, _s2, _s3, _hasSpare, _spare) = (value.S0, value.S1, value.S2, value.S3, value.HasSpare, value.Spare);
        }
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (every value exactly representable).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
            r = NextUInt64();
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>A standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps Log finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = r * Math.Sin(angle);
        _hasSpare = true;
        return r * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with uniform draws in [low, high).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = low + (high - low) * NextFloat();
    }

    /// <summary>Fills <paramref name="destination"/> with normal draws N(mean, std²).</summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)(mean + std * NextNormal());
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>A snapshot of an <see cref="Rng"/>: the four xoshiro words and the pending Box–Muller value.</summary>
internal readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpare, double Spare)
{
    /// <summary>Six words for storage in a checkpoint: S0..S3, HasSpare (0/1), the bits of Spare.</summary>
    public ulong[] ToWords() => [S0, S1, S2, S3, HasSpare ? 1UL : 0UL, (ulong)BitConverter.DoubleToInt64Bits(Spare)];

    /// <summary>The inverse of <see cref="ToWords"/>.</summary>
    public static RngState FromWords(ReadOnlySpan<ulong> words)
    {
        if (words.Length != 6)
            throw new ArgumentException($"An Rng state has 6 words but {words.Length} were given; pass the array written by RngState.ToWords().", nameof(words));
        return new(words[0], words[1], words[2], words[3], words[4] != 0, BitConverter.Int64BitsToDouble((long)words[5]));
    }
}

namespace Pix2Pix.Tests.Support;

/// <summary>tools/fixture_io.py's hash_uniform: the deterministic values both sides of a PyTorch fixture rebuild instead of storing them.</summary>
internal static class FixtureHash
{
    /// <summary><paramref name="count"/> values in [−1, 1) for <paramref name="seed"/>, bit for bit as the Python script computes them.</summary>
    public static float[] Uniform(int seed, int count)
    {
        var values = new float[count];
        ulong add = unchecked((ulong)((seed + 1) * 40503L * 65537L));
        for (int i = 0; i < count; i++)
        {
            ulong h = unchecked(((ulong)i * 2654435761UL + add) & 0xFFFFFFFFUL);
            h ^= h >> 15;
            h = (h * 2246822519UL) & 0xFFFFFFFFUL;
            h ^= h >> 13;
            double u = h / 4294967296.0;
            values[i] = (float)(2.0 * u - 1.0);
        }
        return values;
    }
}

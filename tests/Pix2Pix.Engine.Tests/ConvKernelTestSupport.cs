namespace Pix2Pix.Engine.Tests;

/// <summary>Random data and tolerant comparison shared by the GEMM and convolution kernel tests.</summary>
internal static class ConvKernelTestSupport
{
    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ tolerance·(|expected| + rms(expected)) element-wise; the rms term keeps
    /// cancellation (expected ≈ 0) from demanding more precision than float summation has.
    /// Returns the largest error relative to rms(expected) so tests can report it.
    /// </summary>
    public static double AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance = 1e-4, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        double sq = 0;
        foreach (float v in expected)
            sq += (double)v * v;
        double rms = expected.Length == 0 ? 0 : Math.Sqrt(sq / expected.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs((double)actual[i] - expected[i]);
            double allowed = tolerance * (Math.Abs(expected[i]) + rms) + 1e-30;
            if (!(err <= allowed))
                Assert.Fail($"{what}: element {i} is {actual[i]} but the reference is {expected[i]} (error {err:g3}, allowed {allowed:g3}).");
            if (rms > 0)
                worst = Math.Max(worst, err / rms);
        }
        return worst;
    }
}

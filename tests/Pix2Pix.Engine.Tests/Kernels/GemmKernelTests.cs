using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The packed GEMM against the triple-loop reference, on every SIMD path this machine supports.</summary>
public class GemmKernelTests
{
    /// <summary>The SIMD paths this machine can run (all three on an AVX-512 machine), by name.</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (SimdPath p in new[] { SimdPath.Vector512, SimdPath.Vector256, SimdPath.Portable })
            if (SimdPaths.IsSupported(p))
                data.Add(p.ToString());
        return data;
    }

    private static void CheckAgainstReference(bool ta, bool tb, int m, int n, int k, bool accumulate, int pad, int seed)
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = Random(Math.Max(1, aRows * lda), seed), b = Random(Math.Max(1, bRows * ldb), seed + 1);
        float[] expected = Random(Math.Max(1, m * ldc), seed + 2), actual = (float[])expected.Clone();
        GemmReference.Multiply(ta, tb, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, actual, ldc, accumulate);
        // The padding columns of C (beyond n) must be left untouched: compare the whole buffer.
        AssertClose(expected, actual, what: $"ta={ta} tb={tb} m={m} n={n} k={k} acc={accumulate} pad={pad} path={SimdPaths.Current}");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gemm_matches_the_reference_for_all_transposes_and_small_odd_sizes(string path)
    {
        SimdPaths.Forced = Enum.Parse<SimdPath>(path);
        try
        {
            int[] sizes = [1, 2, 3, 5, 6, 7, 13, 16, 17, 31, 32, 33, 47, 64, 67];
            int seed = 0;
            for (int t = 0; t < 4; t++)
            {
                bool ta = (t & 1) != 0, tb = (t & 2) != 0;
                foreach (int m in sizes)
                    foreach (int n in new[] { 1, 7, 16, 33, 67 })
                        foreach (int k in new[] { 1, 3, 17, 64 })
                            CheckAgainstReference(ta, tb, m, n, k, accumulate: (seed & 1) == 0, pad: seed % 3, seed++);
            }
        }
        finally
        {
            SimdPaths.Forced = SimdPath.Auto;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gemm_matches_the_reference_on_larger_shapes_crossing_block_boundaries(string path)
    {
        SimdPaths.Forced = Enum.Parse<SimdPath>(path);
        try
        {
            // 128×300×77 as asked; k = 600 and n = 1030 cross the kc (GemmDriver.Kc) and nc (GemmDriver.Nc) block edges.
            Assert.True(600 > GemmDriver.Kc && 1030 > GemmDriver.Nc);
            CheckAgainstReference(false, false, 128, 300, 77, accumulate: false, pad: 0, seed: 100);
            CheckAgainstReference(true, false, 128, 300, 77, accumulate: true, pad: 5, seed: 200);
            CheckAgainstReference(false, true, 37, 1030, 600, accumulate: true, pad: 3, seed: 300);
            CheckAgainstReference(true, true, 70, 41, 600, accumulate: false, pad: 1, seed: 400);
        }
        finally
        {
            SimdPaths.Forced = SimdPath.Auto;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gemm_matches_the_reference_when_the_result_is_narrower_than_a_tile(string path)
    {
        // Tall, thin results (a convolution with a 1×1 or 2×2 output) are computed transposed internally.
        SimdPaths.Forced = Enum.Parse<SimdPath>(path);
        try
        {
            int seed = 500;
            for (int t = 0; t < 4; t++)
                foreach (int n in new[] { 1, 2, 4, 5 })
                    CheckAgainstReference((t & 1) != 0, (t & 2) != 0, 300, n, 270, accumulate: (t & 1) == 0, pad: t, seed++);
        }
        finally
        {
            SimdPaths.Forced = SimdPath.Auto;
        }
    }

    [Fact]
    public void Gemm_with_zero_depth_clears_or_keeps_the_destination()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply(false, false, 2, 2, 0, [], 1, [], 2, c, 2, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Gemm.Multiply(false, false, 2, 2, 0, [], 1, [], 2, c, 2, accumulate: false);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Gemm_reports_a_destination_that_is_too_short()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 3, 4, 2, new float[6], 2, new float[8], 4, new float[11], 4, accumulate: false));
        Assert.StartsWith("Destination is too short", ex.Message, StringComparison.Ordinal);
        Assert.Equal("c", ex.ParamName);
    }

    [Fact]
    public void Gemm_rejects_a_leading_dimension_smaller_than_the_row()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, true, 3, 4, 5, new float[15], 5, new float[20], 4, new float[12], 4, accumulate: false));
        Assert.Equal("ldb", ex.ParamName);
    }
}

using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>A matrix packed once (Gemm.PackA) and multiplied several times (Gemm.MultiplyPacked), on every SIMD path.</summary>
public class GemmPackedKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_packed_matrix_multiplies_like_the_reference_for_all_transposes_tails_and_several_k_slices(string path)
    {
        using var forced = ForcedPath(path);
        int seed = 10;
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (var (m, k) in new[] { (1, 1), (5, 3), (6, 17), (13, 64), (50, 513), (97, 1100) })
                {
                    int lda = (ta ? m : k) + 3;
                    float[] a = Random((ta ? k : m) * lda, seed++);
                    var packed = Gemm.PackA(ta, m, k, a, lda);
                    // Several products with the same packed A, as the chunks of a data gradient use it.
                    foreach (int n in new[] { 1, 7, 33, 70 })
                    {
                        int ldb = (tb ? k : n) + 2, ldc = n + 1;
                        float[] b = Random((tb ? n : k) * ldb, seed++);
                        float[] expected = Random(m * ldc, seed++), actual = (float[])expected.Clone();
                        bool accumulate = (seed & 1) == 0;
                        GemmReference.Multiply(ta, tb, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
                        Gemm.MultiplyPacked(packed, tb, n, b, ldb, actual, ldc, accumulate);
                        AssertClose(expected, actual, what: $"ta={ta} tb={tb} m={m} n={n} k={k} acc={accumulate} path={path}");
                    }
                }
    }

    [Fact]
    public void A_packed_product_is_bit_identical_to_the_plain_product_of_the_same_shape_for_any_thread_count()
    {
        const int m = 70, n = 300, k = 1030;
        float[] a = Random(k * m, 1), b = Random(k * n, 2);
        float[] plain = new float[m * n];
        Gemm.Multiply(true, false, m, n, k, a, m, b, n, plain, n, accumulate: false);
        foreach (int degree in new[] { 1, 2, 3 })
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] packed = new float[m * n];
            Gemm.MultiplyPacked(Gemm.PackA(true, m, k, a, m), false, n, b, n, packed, n, accumulate: false);
            Assert.Equal(plain, packed);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Work_items_that_pack_their_own_A_panels_give_the_bits_of_A_packed_first(string path)
    {
        // n ≤ 256 (one work item per row range): the driver packs each item's A panels in the item, into its thread's
        // buffer; a prepacked A skips that. Both must use the same panels, whatever the thread count, including the
        // last partial panel (m = 6q + 5), several k slices and an A stored transposed (packed by groups of panels).
        using var forced = ForcedPath(path);
        const int m = 605, n = 200, k = 1100;
        foreach (bool ta in new[] { false, true })
        {
            int lda = ta ? m : k;
            float[] a = Random(m * k, ta ? 7 : 8), b = Random(k * n, 9);
            float[] reference = Random(m * n, 10), first = (float[])reference.Clone();
            GemmReference.Multiply(ta, false, m, n, k, a, lda, b, n, reference, n, accumulate: true);
            Gemm.MultiplyPacked(Gemm.PackA(ta, m, k, a, lda), false, n, b, n, first, n, accumulate: true);
            AssertClose(reference, first, what: $"ta={ta} path={path}");
            foreach (int degree in new[] { 1, 2, 3, 16 })
            {
                using var scope = Parallelism.WithDegree(degree);
                float[] inItems = Random(m * n, 10);
                Gemm.Multiply(ta, false, m, n, k, a, lda, b, n, inItems, n, accumulate: true);
                Assert.Equal(first, inItems);
            }
        }
    }

    [Fact]
    public void A_matrix_packed_for_one_path_is_refused_on_another()
    {
        if (!SimdPaths.IsSupported(SimdPath.Vector256))
            return;
        SimdPaths.Forced = SimdPath.Vector256;
        PackedMatrix packed;
        try
        {
            packed = Gemm.PackA(false, 8, 8, new float[64], 8);
        }
        finally
        {
            SimdPaths.Forced = SimdPath.Auto;
        }
        SimdPaths.Forced = SimdPath.Portable;
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Gemm.MultiplyPacked(packed, false, 8, new float[64], 8, new float[64], 8, false));
            Assert.Contains("pack it again", ex.Message);
        }
        finally
        {
            SimdPaths.Forced = SimdPath.Auto;
        }
    }
}

using Pix2Pix.Engine.Kernels;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// Results must not depend on <see cref="Parallelism.Degree"/>, and must repeat bit for bit. The degree is set per
/// execution context (<see cref="Parallelism.WithDegree"/>), so tests running in parallel are not disturbed.
/// </summary>
public class GemmDeterminismKernelTests
{
    private static float[] RunConvBackwardWeight(int degree)
    {
        using var scope = Parallelism.WithDegree(degree);
        Assert.Equal(degree, Parallelism.Degree);
        var g = new Conv2dGeometry(2, 24, 33, 31, 40, 4, 4, 2, 2, 1, 1);
        float[] dy = Random(g.OutputLength, 1), x = Random(g.InputLength, 2);
        float[] gw = new float[g.WeightLength];
        Conv2dKernels.BackwardWeight(dy, x, gw, [], g);
        return gw;
    }

    private static float[] RunConvTransposeForward(int degree)
    {
        using var scope = Parallelism.WithDegree(degree);
        var g = new ConvTranspose2dGeometry(2, 40, 17, 15, 24, 4, 4, 2, 2, 1, 1, 0, 0);
        float[] x = Random(g.InputLength, 5), w = Random(g.WeightLength, 6), y = new float[g.OutputLength];
        ConvTranspose2dKernels.Forward(x, w, [], y, g);
        return y;
    }

    private static float[] RunGemm(int degree)
    {
        using var scope = Parallelism.WithDegree(degree);
        const int m = 150, n = 1100, k = 530;
        float[] a = Random(m * k, 3), b = Random(n * k, 4), c = new float[m * n];
        Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, accumulate: false);
        return c;
    }

    [Fact]
    public void Gemm_is_bit_identical_across_runs_and_across_thread_counts()
    {
        float[] one = RunGemm(1), oneAgain = RunGemm(1), two = RunGemm(2), twoAgain = RunGemm(2);
        Assert.Equal(one, oneAgain);
        Assert.Equal(two, twoAgain);
        // Each element is summed by one work item in k order, so even the thread count cannot change the rounding.
        Assert.Equal(one, two);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    public void Gemm_with_the_smaller_work_items_of_many_threads_gives_the_same_bits(int degree)
    {
        // 16 threads (15 workers on this 2-core machine; 64 would park 63 threads in the test process) make the driver cut its blocks into smaller items (GemmDriver.ItemShape); each element is
        // still one micro-tile's k-ordered sum, so the bits are those of one thread.
        Assert.Equal(RunGemm(1), RunGemm(degree));
        Assert.Equal(RunConvBackwardWeight(1), RunConvBackwardWeight(degree));
    }

    /// <summary>
    /// Narrow, deep products (n ≤ 256, several 512-deep slices) take the whole-depth loop on more than one thread
    /// (GemmDriver.RunWholeDepth: B packed whole, one item per range of A panels through every slice), and shallow,
    /// wide ones with a small A (one slice, several 1024-column blocks) the shallow loop (GemmDriver.RunShallow: A
    /// packed once, each item packs its own columns of B); one thread takes the blocked loop: the same bits either way,
    /// for A as stored or transposed, packed beforehand, C computed transposed (n below a tile), and accumulating.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    public void Narrow_deep_and_shallow_wide_products_give_the_bits_of_one_thread(int degree)
    {
        float[] Product(int threads, bool transA, int m, int n, int k, bool packed)
        {
            using var scope = Parallelism.WithDegree(threads);
            float[] a = Random(m * k, m + k), b = Random(k * n, n), c = Random(m * n, 9);
            if (packed)
                Gemm.MultiplyPacked(Gemm.PackA(transA, m, k, a, transA ? m : k), false, n, b, n, c, n, accumulate: true);
            else
                Gemm.Multiply(transA, false, m, n, k, a, transA ? m : k, b, n, c, n, accumulate: true);
            return c;
        }
        foreach (var (m, n, k) in new[] { (200, 70, 1700), (513, 256, 1025), (100, 6, 2048), (40, 33, 4096), (64, 3000, 48), (96, 2100, 512), (10, 5000, 7) })
            foreach (bool transA in new[] { false, true })
                foreach (bool packed in new[] { false, true })
                    Assert.True(Product(1, transA, m, n, k, packed).AsSpan().SequenceEqual(Product(degree, transA, m, n, k, packed)),
                        $"{m}×{n}×{k}, transA {transA}, packed {packed}: {degree} threads changed the bits");
        foreach (var g in new[] { new Conv2dGeometry(1, 256, 16, 16, 64, 4, 4, 2, 2, 1, 1), new Conv2dGeometry(1, 3, 160, 140, 64, 4, 4, 2, 2, 1, 1) })
        {
            float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2);
            float[] Forward(int threads)
            {
                using var scope = Parallelism.WithDegree(threads);
                float[] y = new float[g.OutputLength];
                Conv2dKernels.Forward(x, w, [], y, g);
                return y;
            }
            Assert.Equal(Forward(1), Forward(degree));
        }
    }

    [Theory]
    [InlineData(86, 1024, 32, 2)]
    [InlineData(8, 1024, 32, 16)]
    [InlineData(8, 1024, 32, 64)]
    [InlineData(86, 256, 32, 64)]
    [InlineData(2, 64, 16, 64)]
    [InlineData(1, 32, 32, 64)]
    public void Gemm_work_items_shrink_until_every_thread_has_three_or_the_block_is_cut_to_micro_tiles(int mPanels, int nc, int nr, int degree)
    {
        var (panels, columns) = GemmDriver.ItemShape(mPanels, nc, nr, degree);
        Assert.InRange(panels, 1, 8);
        Assert.InRange(columns, nr, 256);
        Assert.Equal(0, columns % nr);
        long items = (long)((mPanels + panels - 1) / panels) * ((nc + columns - 1) / columns);
        long finest = (long)mPanels * ((nc + nr - 1) / nr);
        Assert.True(items >= 3 * degree || items == finest, $"{items} items of {panels} panels x {columns} columns for {degree} threads (finest {finest})");
        if (degree == 2 && mPanels == 86)
            Assert.Equal((8, 256), (panels, columns)); // two threads keep the full-size items (44 of them)
    }

    [Fact]
    public void Conv2d_backward_weight_is_bit_identical_across_runs_and_across_thread_counts()
    {
        float[] one = RunConvBackwardWeight(1), oneAgain = RunConvBackwardWeight(1);
        float[] two = RunConvBackwardWeight(2), twoAgain = RunConvBackwardWeight(2);
        Assert.Equal(one, oneAgain);
        Assert.Equal(two, twoAgain);
        Assert.Equal(one, two);
    }

    [Fact]
    public void ConvTranspose2d_forward_with_col2im_is_bit_identical_across_runs_and_across_thread_counts()
    {
        float[] one = RunConvTransposeForward(1), oneAgain = RunConvTransposeForward(1);
        float[] two = RunConvTransposeForward(2), twoAgain = RunConvTransposeForward(2);
        Assert.Equal(one, oneAgain);
        Assert.Equal(two, twoAgain);
        Assert.Equal(one, two);
    }

    [Fact]
    public void A_scoped_degree_is_restored_when_the_scope_ends()
    {
        int before = Parallelism.Degree;
        using (Parallelism.WithDegree(before == 1 ? 2 : 1))
            Assert.NotEqual(before, Parallelism.Degree);
        Assert.Equal(before, Parallelism.Degree);
    }
}

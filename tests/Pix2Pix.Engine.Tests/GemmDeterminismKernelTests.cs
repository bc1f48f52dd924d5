using Pix2Pix.Engine.Kernels;
using static Pix2Pix.Engine.Tests.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests;

[CollectionDefinition(nameof(ParallelismDegreeKernelTestGroup), DisableParallelization = true)]
public sealed class ParallelismDegreeKernelTestGroup;

/// <summary>
/// Results must not depend on <see cref="Parallelism.Degree"/>, and must repeat bit for bit. These tests change the
/// process-wide degree, so they run alone.
/// </summary>
[Collection(nameof(ParallelismDegreeKernelTestGroup))]
public class GemmDeterminismKernelTests
{
    private static float[] RunConvBackwardWeight(int degree)
    {
        int saved = Parallelism.Degree;
        Parallelism.Degree = degree;
        try
        {
            var g = new Conv2dGeometry(2, 24, 33, 31, 40, 4, 4, 2, 2, 1, 1);
            float[] dy = Random(g.OutputLength, 1), x = Random(g.InputLength, 2);
            float[] gw = new float[g.WeightLength];
            Conv2dKernels.BackwardWeight(dy, x, gw, [], g);
            return gw;
        }
        finally
        {
            Parallelism.Degree = saved;
        }
    }

    private static float[] RunGemm(int degree)
    {
        int saved = Parallelism.Degree;
        Parallelism.Degree = degree;
        try
        {
            const int m = 150, n = 1100, k = 530;
            float[] a = Random(m * k, 3), b = Random(n * k, 4), c = new float[m * n];
            Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, accumulate: false);
            return c;
        }
        finally
        {
            Parallelism.Degree = saved;
        }
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

    [Fact]
    public void Conv2d_backward_weight_is_bit_identical_across_runs_and_across_thread_counts()
    {
        float[] one = RunConvBackwardWeight(1), oneAgain = RunConvBackwardWeight(1), two = RunConvBackwardWeight(2), twoAgain = RunConvBackwardWeight(2);
        Assert.Equal(one, oneAgain);
        Assert.Equal(two, twoAgain);
        Assert.Equal(one, two);
    }
}

using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// Shapes large enough that the data-gradient (and the transposed forward, which shares it) is computed in several
/// chunks of output rows, and that GEMM blocks split across threads.
/// </summary>
public class ConvLargeKernelTests
{
    [Theory]
    [InlineData(64, 64, 64, 2, 4, 2, 1)] // K·OW = 1024·32: 16-row chunks, 2 chunks
    [InlineData(64, 60, 60, 3, 3, 1, 1)] // K·OW = 576·60: 15-row chunks, 4 chunks
    public void Conv2d_backward_data_matches_the_reference_when_computed_in_row_chunks(int cin, int h, int w, int cout, int k, int s, int p)
    {
        var g = new Conv2dGeometry(1, cin, h, w, cout, k, k, s, s, p, p);
        Assert.True(Conv2dPlan.ColumnChunkRows(cin * k * k, g.OutHeight, g.OutWidth) < g.OutHeight, "the shape must need several chunks");
        float[] dy = Random(g.OutputLength, 1), wt = Random(g.WeightLength, 2), start = Random(g.InputLength, 3);
        float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
        Conv2dReference.BackwardData(dy, wt, expected, g);
        Conv2dKernels.BackwardData(dy, wt, actual, g);
        AssertClose(expected, actual, what: $"backward data {g}");
    }

    [Fact]
    public void ConvTranspose2d_forward_matches_the_reference_when_computed_in_row_chunks()
    {
        var g = new ConvTranspose2dGeometry(1, 3, 32, 32, 64, 4, 4, 2, 2, 1, 1, 0, 0);
        float[] x = Random(g.InputLength, 4), wt = Random(g.WeightLength, 5), b = Random(g.OutChannels, 6);
        float[] expected = new float[g.OutputLength], actual = new float[g.OutputLength];
        ConvTranspose2dReference.Forward(x, wt, b, expected, g);
        ConvTranspose2dKernels.Forward(x, wt, b, actual, g);
        AssertClose(expected, actual, what: $"forward {g}");
    }

    [Fact]
    public void Conv2d_forward_and_weight_gradient_match_the_reference_when_k_spans_several_gemm_slices()
    {
        // Forward: k = Cin·16 = 640; weight gradient: k = OH·OW = 625; both exceed one kc slice.
        var g = new Conv2dGeometry(1, 40, 50, 50, 48, 4, 4, 2, 2, 1, 1);
        Assert.True(40 * 16 > GemmDriver.Kc && g.OutHeight * g.OutWidth > GemmDriver.Kc);
        float[] x = Random(g.InputLength, 7), wt = Random(g.WeightLength, 8), dy = Random(g.OutputLength, 9);
        float[] y0 = new float[g.OutputLength], y1 = new float[g.OutputLength];
        Conv2dReference.Forward(x, wt, [], y0, g);
        Conv2dKernels.Forward(x, wt, [], y1, g);
        AssertClose(y0, y1, what: "forward");
        float[] dw0 = new float[g.WeightLength], dw1 = new float[g.WeightLength];
        Conv2dReference.BackwardWeight(dy, x, dw0, [], g);
        Conv2dKernels.BackwardWeight(dy, x, dw1, [], g);
        AssertClose(dw0, dw1, what: "weight gradient");
    }
}

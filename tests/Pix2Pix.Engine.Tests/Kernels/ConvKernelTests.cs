using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The fast convolution kernels against the direct nested-loop reference, for every layer shape the networks use.</summary>
public class ConvKernelTests
{
    // kH, kW, sH, sW, pH, pW, batch, cin, cout, h, w
    public static TheoryData<int[]> Geometries()
    {
        var data = new TheoryData<int[]>();
        int[][] kernels =
        [
            [4, 4, 2, 2, 1, 1], // pix2pix encoder / PatchGAN
            [3, 3, 1, 1, 1, 1], // ResNet blocks
            [3, 3, 2, 2, 1, 1], // ResNet downsampling
            [7, 7, 1, 1, 0, 0], // ResNet stem / head after reflection pad
            [1, 1, 1, 1, 0, 0], // PixelGAN
            [4, 4, 1, 1, 1, 1], // PatchGAN last layers
            [3, 2, 2, 1, 0, 1], // asymmetric: catches height/width mix-ups
        ];
        int[][] sizes = [[1, 1, 1, 9, 7], [2, 3, 5, 8, 11], [1, 20, 7, 10, 9], [2, 4, 17, 7, 7]];
        foreach (int[] k in kernels)
            foreach (int[] s in sizes)
                data.Add([.. k, .. s]);
        return data;
    }

    private static Conv2dGeometry Geometry(int[] v) => new(v[6], v[7], v[9], v[10], v[8], v[0], v[1], v[2], v[3], v[4], v[5]);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2d_forward_matches_the_direct_reference_with_and_without_bias(int[] v)
    {
        var g = Geometry(v);
        float[] x = Random(g.InputLength, 1), wt = Random(g.WeightLength, 2), b = Random(g.OutChannels, 3);
        foreach (bool withBias in new[] { false, true })
        {
            float[] bias = withBias ? b : [];
            float[] expected = new float[g.OutputLength], actual = Random(g.OutputLength, 4); // garbage to be overwritten
            Conv2dReference.Forward(x, wt, bias, expected, g);
            Conv2dKernels.Forward(x, wt, bias, actual, g);
            AssertClose(expected, actual, what: $"forward {g} bias={withBias}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2d_backward_data_adds_the_reference_gradient_to_the_destination(int[] v)
    {
        var g = Geometry(v);
        float[] dy = Random(g.OutputLength, 5), wt = Random(g.WeightLength, 6), start = Random(g.InputLength, 7);
        float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
        Conv2dReference.BackwardData(dy, wt, expected, g);
        Conv2dKernels.BackwardData(dy, wt, actual, g);
        AssertClose(expected, actual, what: $"backward data {g}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2d_backward_weight_adds_the_reference_weight_and_bias_gradients(int[] v)
    {
        var g = Geometry(v);
        float[] dy = Random(g.OutputLength, 8), x = Random(g.InputLength, 9);
        float[] startW = Random(g.WeightLength, 10), startB = Random(g.OutChannels, 11);
        float[] expectedW = (float[])startW.Clone(), actualW = (float[])startW.Clone();
        float[] expectedB = (float[])startB.Clone(), actualB = (float[])startB.Clone();
        Conv2dReference.BackwardWeight(dy, x, expectedW, expectedB, g);
        Conv2dKernels.BackwardWeight(dy, x, actualW, actualB, g);
        AssertClose(expectedW, actualW, what: $"weight gradient {g}");
        AssertClose(expectedB, actualB, what: $"bias gradient {g}");

        float[] onlyW = (float[])startW.Clone();
        Conv2dKernels.BackwardWeight(dy, x, onlyW, [], g);
        AssertClose(expectedW, onlyW, what: $"weight gradient without bias {g}");
    }

    [Theory]
    [InlineData(4, 4, 2, 1, 3, 6, 13, 11)]
    [InlineData(3, 3, 1, 1, 5, 4, 9, 9)]
    [InlineData(7, 7, 1, 0, 2, 3, 12, 10)]
    [InlineData(3, 3, 2, 1, 4, 4, 6, 5)]
    public void Conv2d_backward_data_is_the_adjoint_of_forward(int k, int kk, int s, int p, int cin, int cout, int h, int w)
    {
        var g = new Conv2dGeometry(2, cin, h, w, cout, k, kk, s, s, p, p);
        float[] x = Random(g.InputLength, 12), y = Random(g.OutputLength, 13), wt = Random(g.WeightLength, 14);
        float[] conv = new float[g.OutputLength], back = new float[g.InputLength];
        Conv2dKernels.Forward(x, wt, [], conv, g);
        Conv2dKernels.BackwardData(y, wt, back, g);
        double lhs = 0, rhs = 0, scale = 0;
        for (int i = 0; i < conv.Length; i++) { lhs += (double)conv[i] * y[i]; scale += Math.Abs((double)conv[i] * y[i]); }
        for (int i = 0; i < back.Length; i++) rhs += (double)x[i] * back[i];
        Assert.True(Math.Abs(lhs - rhs) <= 1e-5 * scale, $"<conv(x), y> = {lhs} but <x, conv^T(y)> = {rhs} (scale {scale}).");
    }
}

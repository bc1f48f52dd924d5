using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The fast transposed-convolution kernels against the direct scatter reference.</summary>
public class ConvTransposeKernelTests
{
    // kH, kW, sH, sW, pH, pW, opH, opW, batch, cin, cout, h, w
    public static TheoryData<int[]> Geometries()
    {
        var data = new TheoryData<int[]>();
        int[][] kernels =
        [
            [4, 4, 2, 2, 1, 1, 0, 0], // pix2pix U-Net decoder
            [3, 3, 2, 2, 1, 1, 1, 1], // ResNet generator upsampling
            [3, 3, 1, 1, 1, 1, 0, 0],
            [1, 1, 1, 1, 0, 0, 0, 0],
            [3, 2, 2, 3, 1, 0, 1, 2], // asymmetric with output padding
        ];
        int[][] sizes = [[1, 1, 1, 5, 7], [2, 3, 5, 4, 3], [1, 20, 7, 5, 6], [2, 6, 17, 3, 3]];
        foreach (int[] k in kernels)
            foreach (int[] s in sizes)
                data.Add([.. k, .. s]);
        return data;
    }

    private static ConvTranspose2dGeometry Geometry(int[] v)
        => new(v[8], v[9], v[11], v[12], v[10], v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ConvTranspose2d_forward_matches_the_direct_reference_with_and_without_bias(int[] v)
    {
        var g = Geometry(v);
        float[] x = Random(g.InputLength, 1), wt = Random(g.WeightLength, 2), b = Random(g.OutChannels, 3);
        foreach (bool withBias in new[] { false, true })
        {
            float[] bias = withBias ? b : [];
            float[] expected = new float[g.OutputLength], actual = Random(g.OutputLength, 4);
            ConvTranspose2dReference.Forward(x, wt, bias, expected, g);
            ConvTranspose2dKernels.Forward(x, wt, bias, actual, g);
            AssertClose(expected, actual, what: $"forward {g} bias={withBias}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ConvTranspose2d_backward_data_adds_the_reference_gradient_to_the_destination(int[] v)
    {
        var g = Geometry(v);
        float[] dy = Random(g.OutputLength, 5), wt = Random(g.WeightLength, 6), start = Random(g.InputLength, 7);
        float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
        ConvTranspose2dReference.BackwardData(dy, wt, expected, g);
        ConvTranspose2dKernels.BackwardData(dy, wt, actual, g);
        AssertClose(expected, actual, what: $"backward data {g}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ConvTranspose2d_backward_weight_adds_the_reference_weight_and_bias_gradients(int[] v)
    {
        var g = Geometry(v);
        float[] dy = Random(g.OutputLength, 8), x = Random(g.InputLength, 9);
        float[] startW = Random(g.WeightLength, 10), startB = Random(g.OutChannels, 11);
        float[] expectedW = (float[])startW.Clone(), actualW = (float[])startW.Clone();
        float[] expectedB = (float[])startB.Clone(), actualB = (float[])startB.Clone();
        ConvTranspose2dReference.BackwardWeight(dy, x, expectedW, expectedB, g);
        ConvTranspose2dKernels.BackwardWeight(dy, x, actualW, actualB, g);
        AssertClose(expectedW, actualW, what: $"weight gradient {g}");
        AssertClose(expectedB, actualB, what: $"bias gradient {g}");
    }

    [Fact]
    public void ConvTranspose2d_output_size_follows_the_pytorch_formula()
    {
        var g = new ConvTranspose2dGeometry(1, 8, 16, 16, 4, 3, 3, 2, 2, 1, 1, 1, 1);
        Assert.Equal(32, g.OutHeight); // (16−1)·2 − 2 + 3 + 1
        var u = new ConvTranspose2dGeometry(1, 8, 16, 16, 4, 4, 4, 2, 2, 1, 1, 0, 0);
        Assert.Equal(32, u.OutWidth);
    }
}

using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// The direct kernels for stride-1 convolutions with at most four output channels (<see cref="DirectConv"/>, e.g.
/// PatchGAN's last layer 512→1) against the nested-loop reference, on every SIMD path, plus their determinism.
/// </summary>
public class DirectConvKernelTests(ITestOutputHelper output)
{
    // batch, cin, cout, h, w, kH, kW, pH, pW
    private static readonly int[][] s_shapes =
    [
        [1, 512, 1, 31, 31, 4, 4, 1, 1], // PatchGAN's last layer at 256²
        [2, 37, 1, 12, 45, 4, 4, 1, 1], // batch 2, rows of several vectors plus a tail
        [1, 5, 2, 9, 7, 4, 4, 1, 1],
        [2, 3, 3, 14, 70, 7, 7, 0, 0], // ResNet head (after reflection padding), 64 px: a full 4-vector block
        [1, 6, 4, 5, 16, 3, 3, 1, 1],
        [1, 2, 4, 3, 3, 3, 3, 2, 2], // padding larger than half the kernel
        [2, 4, 3, 6, 1, 3, 2, 1, 1], // width 1, asymmetric kernel
        [1, 9, 1, 33, 33, 5, 6, 2, 1],
        [1, 1, 1, 2, 2, 2, 2, 0, 0], // 1×1 output
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in GemmKernelTests.Paths())
            for (int i = 0; i < s_shapes.Length; i++)
                data.Add(path, i);
        return data;
    }

    private static Conv2dGeometry Geometry(int[] v) => new(v[0], v[1], v[3], v[4], v[2], v[5], v[6], 1, 1, v[7], v[8]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Direct_conv_kernels_match_the_reference_on_every_simd_path(string path, int shape)
    {
        var g = Geometry(s_shapes[shape]);
        Assert.True(DirectConv.Applies(g));
        using var forced = ForcedPath(path);
        var (ef, ed, ew) = CheckConv2dAgainstReference(g, $"{g} on {path}");
        output.WriteLine($"{g} on {path}: max error / rms forward {ef:g3}, data {ed:g3}, weight {ew:g3}");
    }

    [Theory]
    [MemberData(nameof(GemmKernelTests.Paths), MemberType = typeof(GemmKernelTests))]
    public void A_stride_one_transposed_conv_with_few_input_channels_matches_the_reference(string path)
    {
        // Its forward is the data gradient of a convolution with two output channels, so it runs the direct kernels.
        var g = new ConvTranspose2dGeometry(2, 2, 9, 13, 6, 4, 4, 1, 1, 1, 1, 0, 0);
        Assert.True(DirectConv.Applies(g.AsConvolution()));
        using var forced = ForcedPath(path);
        CheckConvTranspose2dAgainstReference(g, $"{g} on {path}");
    }

    private static (float[] Y, float[] Dx, float[] Dw) RunAll(int degree, Conv2dGeometry g)
    {
        using var scope = Parallelism.WithDegree(degree);
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), dy = Random(g.OutputLength, 4);
        float[] y = new float[g.OutputLength], dx = new float[g.InputLength], dw = new float[g.WeightLength];
        Conv2dKernels.Forward(x, w, [], y, g);
        Conv2dKernels.BackwardData(dy, w, dx, g);
        Conv2dKernels.BackwardWeight(dy, x, dw, [], g);
        return (y, dx, dw);
    }

    [Fact]
    public void Direct_conv_kernels_are_bit_identical_for_one_two_and_three_threads()
    {
        var g = new Conv2dGeometry(2, 96, 31, 29, 2, 4, 4, 1, 1, 1, 1);
        var one = RunAll(1, g);
        foreach (int degree in new[] { 1, 2, 3 })
        {
            var other = RunAll(degree, g);
            Assert.Equal(one.Y, other.Y);
            Assert.Equal(one.Dx, other.Dx);
            Assert.Equal(one.Dw, other.Dw);
        }
    }
}

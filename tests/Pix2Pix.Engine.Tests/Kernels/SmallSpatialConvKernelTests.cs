using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// The kernels for convolutions with a tiny output plane (<see cref="SmallSpatialConv"/>: the U-Net's innermost layers
/// and their transposed mirrors) against the nested-loop reference, on every SIMD path, plus their determinism.
/// </summary>
public class SmallSpatialConvKernelTests(ITestOutputHelper output)
{
    // batch, cin, cout, h, w, kH, kW, sH, sW, pH, pW
    private static readonly int[][] s_shapes =
    [
        [1, 64, 96, 4, 4, 4, 4, 2, 2, 1, 1], // U-Net 4²→2² at a smaller width
        [1, 48, 64, 2, 2, 4, 4, 2, 2, 1, 1], // U-Net 2²→1²
        [2, 40, 40, 8, 8, 4, 4, 2, 2, 1, 1], // U-Net 8²→4², batch 2
        [1, 13, 9, 5, 7, 3, 3, 2, 2, 1, 1], // odd sizes: K = 117 (vector and scalar tails), 3×4 = 12 pixels, 9 rows
        [2, 5, 7, 3, 5, 2, 3, 1, 2, 0, 1], // K = 30, 2×3 pixels, asymmetric
        [1, 3, 6, 1, 1, 3, 3, 1, 1, 1, 1], // 1×1 image, padded
        [1, 21, 11, 9, 9, 3, 3, 3, 3, 0, 0], // stride 3, 3×3 pixels
        [1, 129, 10, 16, 16, 4, 4, 2, 2, 1, 1], // U-Net 16²→8²: 64 pixels; K = 2064 ends in a partial depth item
        [2, 33, 17, 13, 11, 4, 4, 2, 2, 1, 1], // 6×5 = 30 pixels, batch 2
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in GemmKernelTests.Paths())
            for (int i = 0; i < s_shapes.Length; i++)
                data.Add(path, i);
        return data;
    }

    private static Conv2dGeometry Geometry(int[] v) => new(v[0], v[1], v[3], v[4], v[2], v[5], v[6], v[7], v[8], v[9], v[10]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Small_output_conv_kernels_match_the_reference_on_every_simd_path(string path, int shape)
    {
        var g = Geometry(s_shapes[shape]);
        Assert.True(SmallSpatialConv.AppliesToBackwardData(g));
        Assert.Equal(g.OutHeight * g.OutWidth <= SmallSpatialConv.MaxForwardPixels, SmallSpatialConv.AppliesToForward(g));
        using var forced = ForcedPath(path);
        var (ef, ed, _) = CheckConv2dAgainstReference(g, $"{g} on {path}");
        output.WriteLine($"{g} on {path}: max error / rms forward {ef:g3}, data {ed:g3}");
    }

    public static TheoryData<string, int> TransposedCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in GemmKernelTests.Paths())
            for (int i = 0; i < 3; i++)
                data.Add(path, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(TransposedCases))]
    public void Transposed_convs_from_a_tiny_input_match_the_reference_on_every_simd_path(string path, int shape)
    {
        // The U-Net's innermost up-convolutions (1²→2², 2²→4², 4²→8²) at smaller widths; the last has an odd Cout.
        ConvTranspose2dGeometry g = shape switch
        {
            0 => new ConvTranspose2dGeometry(1, 64, 1, 1, 48, 4, 4, 2, 2, 1, 1, 0, 0),
            1 => new ConvTranspose2dGeometry(2, 72, 2, 2, 40, 4, 4, 2, 2, 1, 1, 0, 0),
            _ => new ConvTranspose2dGeometry(1, 36, 4, 4, 13, 4, 4, 2, 2, 1, 1, 0, 0),
        };
        Assert.True(SmallSpatialConv.AppliesToForward(g.AsConvolution()));
        using var forced = ForcedPath(path);
        CheckConvTranspose2dAgainstReference(g, $"{g} on {path}");
    }

    private static (float[] Y, float[] Dx) RunBoth(int degree, Conv2dGeometry g)
    {
        using var scope = Parallelism.WithDegree(degree);
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), dy = Random(g.OutputLength, 4);
        float[] y = new float[g.OutputLength], dx = new float[g.InputLength];
        Conv2dKernels.Forward(x, w, [], y, g);
        Conv2dKernels.BackwardData(dy, w, dx, g);
        return (y, dx);
    }

    [Fact]
    public void Small_output_conv_kernels_are_bit_identical_for_one_two_and_three_threads()
    {
        // Large enough to split: 70 weight rows (items of 16 plus a tail), K = 2048 (8 depth items), 4×4 pixels.
        var g = new Conv2dGeometry(2, 128, 8, 8, 70, 4, 4, 2, 2, 1, 1);
        var one = RunBoth(1, g);
        foreach (int degree in new[] { 1, 2, 3 })
        {
            var other = RunBoth(degree, g);
            Assert.Equal(one.Y, other.Y);
            Assert.Equal(one.Dx, other.Dx);
        }
    }
}

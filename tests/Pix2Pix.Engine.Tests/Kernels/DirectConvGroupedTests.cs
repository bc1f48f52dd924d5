using Pix2Pix.Engine.Kernels;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// The direct kernels' three-channel tiles (<see cref="DirectConv.GroupChannels"/>: ResNet's 7×7 tail 64→3, and the
/// forward and weight gradient of its head 3→64) against the one-channel tiles, which sum every element in the same
/// order: the same bits on every SIMD path and any thread count; and layers with few input channels, whose forward and
/// weight gradient the plan now sends to the direct kernels, against the nested-loop reference.
/// </summary>
public class DirectConvGroupedTests(ITestOutputHelper output)
{
    // batch, cin, cout, h, w, kH, kW, pH, pW
    private static readonly int[][] s_shapes =
    [
        [1, 64, 3, 22, 134, 7, 7, 0, 0], // ResNet's tail (reflection-padded input), fewer rows
        [2, 7, 3, 13, 29, 7, 7, 0, 0], // batch 2, a width tail, channels 2·3 + 1 (one-channel leftovers)
        [1, 3, 64, 20, 40, 7, 7, 0, 0], // ResNet's head: 22 groups of output channels, the last of one
        [1, 5, 4, 9, 19, 3, 3, 1, 1], // 4 = a group and one channel
        [2, 6, 3, 6, 5, 4, 4, 1, 1], // output narrower than a vector
        [1, 4, 3, 11, 37, 5, 2, 2, 1], // asymmetric kernel and padding
        [1, 2, 9, 8, 50, 3, 6, 1, 2], // three whole groups of output channels, a kernel wider than four taps
        [1, 3, 3, 6, 1, 3, 3, 1, 1], // width 1
        [1, 3, 6, 12, 21, 2, 9, 0, 4], // nine taps wide: a group of eight, then one of four
        [2, 3, 3, 10, 17, 5, 5, 2, 2], // five taps wide: one group of eight, three of them dropped
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

    private static (float[] Y, float[] Dx, float[] Dw) Run(in Conv2dGeometry g, bool grouped)
    {
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), dy = Random(g.OutputLength, 4);
        float[] y = Random(g.OutputLength, 5), dx = Random(g.InputLength, 6), dw = Random(g.WeightLength, 7);
        DirectConv.ForwardAccumulate(x, w, y, g, grouped);
        DirectConv.BackwardDataAccumulate(dy, w, dx, g, grouped);
        DirectConv.BackwardWeightAccumulate(dy, x, dw, g, grouped);
        return (y, dx, dw);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Three_channel_tiles_give_the_same_bits_as_one_channel_tiles(string path, int shape)
    {
        var g = Geometry(s_shapes[shape]);
        using var forced = ForcedPath(path);
        var plain = Run(g, grouped: false);
        var grouped = Run(g, grouped: true);
        Assert.Equal(plain.Y, grouped.Y);
        Assert.Equal(plain.Dx, grouped.Dx);
        Assert.Equal(plain.Dw, grouped.Dw);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layers_with_few_input_channels_match_the_reference(string path, int shape)
    {
        var g = Geometry(s_shapes[shape]);
        Assert.True(DirectConv.AppliesToForwardAndWeight(g));
        using (ForcedPath(path))
        {
            Assert.Equal(ConvAlgorithm.Direct, Conv2dPlan.For(g).Forward.Algorithm);
            Assert.Equal(ConvAlgorithm.Direct, Conv2dPlan.For(g).BackwardWeight.Algorithm);
        }
        using var forced = ForcedPath(path);
        var (ef, ed, ew) = CheckConv2dAgainstReference(g, $"{g} on {path}");
        output.WriteLine($"{g} on {path}: max error / rms forward {ef:g3}, data {ed:g3}, weight {ew:g3}");
    }

    [Fact]
    public void ResNet_head_forward_and_weight_gradient_are_planned_direct_and_strided_layers_are_not()
    {
        var head = new Conv2dGeometry(1, 3, 134, 134, 64, 7, 7, 1, 1, 0, 0);
        Assert.Equal(ConvAlgorithm.Direct, Conv2dPlan.For(head).Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.Direct, Conv2dPlan.For(head).BackwardWeight.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Direct, Conv2dPlan.For(head).BackwardData.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Direct, Conv2dPlan.For(new Conv2dGeometry(1, 3, 256, 256, 64, 4, 4, 2, 2, 1, 1)).BackwardWeight.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Direct, Conv2dPlan.For(new Conv2dGeometry(1, 5, 20, 20, 64, 3, 3, 1, 1, 1, 1)).BackwardWeight.Algorithm);
    }

    private static (float[] Y, float[] Dx, float[] Dw) RunAll(int degree, in Conv2dGeometry g)
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
    public void Grouped_kernels_are_bit_identical_for_any_thread_count()
    {
        foreach (var g in new[] { new Conv2dGeometry(2, 13, 30, 41, 3, 7, 7, 1, 1, 0, 0), new Conv2dGeometry(1, 3, 30, 41, 16, 7, 7, 1, 1, 0, 0) })
        {
            var one = RunAll(1, g);
            foreach (int degree in new[] { 2, 3, 7, 16 })
            {
                var other = RunAll(degree, g);
                Assert.Equal(one.Y, other.Y);
                Assert.Equal(one.Dx, other.Dx);
                Assert.Equal(one.Dw, other.Dw);
            }
        }
    }
}

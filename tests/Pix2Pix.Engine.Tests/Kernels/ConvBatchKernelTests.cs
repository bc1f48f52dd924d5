using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// Batches of several images: the forward packs the weight once for all images, and small planes compute the weight
/// gradient as one product over the whole batch (images cut at k-slice boundaries). On every SIMD path.
/// </summary>
public class ConvBatchKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Batched_convolutions_match_the_reference_for_small_and_large_planes(string path)
    {
        using var forced = ForcedPath(path);
        Conv2dGeometry[] shapes =
        [
            new(3, 16, 8, 8, 24, 4, 4, 2, 2, 1, 1),    // 4×4 output planes: the batch is one k range of 48
            new(2, 8, 34, 34, 12, 4, 4, 2, 2, 1, 1),   // 17×17 = 289 positions: an image boundary inside the k slice
            new(4, 6, 22, 22, 10, 4, 4, 1, 1, 1, 1),   // 21×21 = 441, four images: k = 1764 crosses slices mid-image
            new(2, 3, 40, 40, 7, 3, 3, 1, 1, 1, 1),    // 3×3 kernel (the patch packing does not apply), 1600 positions
        ];
        int seed = 20;
        foreach (var g in shapes)
        {
            float[] x = Random(g.InputLength, seed++), w = Random(g.WeightLength, seed++), dy = Random(g.OutputLength, seed++);
            float[] y0 = new float[g.OutputLength], y1 = new float[g.OutputLength];
            Conv2dReference.Forward(x, w, [], y0, g);
            Conv2dKernels.Forward(x, w, [], y1, g);
            AssertClose(y0, y1, what: $"forward {g} on {path}");
            float[] dw0 = Random(g.WeightLength, seed++), dw1 = (float[])dw0.Clone();
            Conv2dReference.BackwardWeight(dy, x, dw0, [], g);
            Conv2dKernels.BackwardWeight(dy, x, dw1, [], g);
            AssertClose(dw0, dw1, what: $"weight gradient {g} on {path}");
        }
    }

    [Fact]
    public void Batched_weight_gradients_are_bit_identical_for_one_two_and_three_threads()
    {
        var g = new Conv2dGeometry(4, 32, 8, 8, 64, 4, 4, 2, 2, 1, 1);
        float[] x = Random(g.InputLength, 1), dy = Random(g.OutputLength, 2);
        float[]? first = null;
        foreach (int degree in new[] { 1, 2, 3 })
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] dw = new float[g.WeightLength];
            Conv2dKernels.BackwardWeight(dy, x, dw, [], g);
            if (first is null)
                first = dw;
            else
                Assert.Equal(first, dw);
        }
    }
}

using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The plane-parallel reflection padding (<see cref="ReflectionPad"/>) against the row loop it replaced: the same bits, forward and backward, at any thread count.</summary>
public class ReflectionPadKernelTests
{
    // planes, h, w, left, right, top, bottom
    public static TheoryData<int, int, int, int, int, int, int> Shapes() => new()
    {
        { 256, 32, 32, 1, 1, 1, 1 }, // CycleGAN's resnet blocks at 128²
        { 3, 128, 128, 3, 3, 3, 3 }, // its 7×7 head
        { 64, 128, 128, 3, 3, 3, 3 }, // its 7×7 tail
        { 17, 5, 9, 4, 2, 1, 3 }, // asymmetric, rows narrower than a vector
        { 1, 2, 2, 1, 1, 1, 1 },
        { 40, 7, 37, 0, 5, 6, 0 }, // one side only, odd width
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Reflection_padding_gives_the_reference_bits_for_any_thread_count(int planes, int h, int w, int left, int right, int top, int bottom)
    {
        var p = new ReflectionPadGeometry(planes, h, w, left, right, top, bottom);
        float[] x = Random(planes * h * w, 1), dy = Random(planes * p.OutH * p.OutW, 2);
        float[] y0 = new float[dy.Length], dx0 = Random(x.Length, 3);
        ReflectionPadReference.Forward(x, y0, p);
        ReflectionPadReference.BackwardAccumulate(dy, dx0, p);
        foreach (int degree in new[] { 1, 2, 3, 7 })
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] y1 = new float[dy.Length], dx1 = Random(x.Length, 3);
            ReflectionPad.Forward(x, y1, p);
            ReflectionPad.BackwardAccumulate(dy, dx1, p);
            Assert.Equal(y0, y1);
            Assert.Equal(dx0, dx1);
        }
    }

    [Fact]
    public void Reflection_padding_reflects_without_repeating_the_edge()
    {
        // One row 1 2 3 4 padded by 2 left, 1 right: 3 2 | 1 2 3 4 | 3; and its gradient sums the copies.
        var p = new ReflectionPadGeometry(1, 1, 4, 2, 1, 0, 0);
        float[] y = new float[7];
        ReflectionPad.Forward([1, 2, 3, 4], y, p);
        Assert.Equal(new float[] { 3, 2, 1, 2, 3, 4, 3 }, y);
        float[] dx = new float[4];
        ReflectionPad.BackwardAccumulate([1, 10, 100, 1000, 10000, 100000, 1000000], dx, p);
        Assert.Equal(new float[] { 100, 10 + 1000, 1 + 10000 + 1000000, 100000 }, dx);
    }

    [Fact]
    public void Reflection_padding_rejects_a_buffer_of_the_wrong_length()
    {
        var p = new ReflectionPadGeometry(2, 3, 3, 1, 1, 1, 1);
        var ex = Assert.Throws<ArgumentException>(() => ReflectionPad.Forward(new float[17], new float[50], p));
        Assert.Contains("unpadded", ex.Message);
    }
}

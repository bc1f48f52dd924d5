using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>The passes a convolution or a skip concatenation makes besides its product, split over threads when large.</summary>
public class ParallelCopyKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 33)]
    [InlineData(2, 70, 4099)] // 574 K floats: split
    [InlineData(1, 3, 65536)] // planes of exactly one item
    [InlineData(3, 1000, 1)] // many tiny planes in one item
    [InlineData(1, 130, 4096)]
    public void FillBias_sets_each_plane_to_its_channel_bias_on_any_thread_count(int batch, int channels, int plane)
    {
        var bias = Tensor.Uniform(new Rng(1), -1f, 1f, channels).Data;
        int used = batch * channels * plane;
        foreach (int degree in new[] { 1, 2, 3 })
        {
            foreach (bool withBias in new[] { true, false })
            {
                var output = Enumerable.Repeat(9f, used + 5).ToArray();
                using (Parallelism.WithDegree(degree))
                    Conv2dKernels.FillBias(withBias ? bias : default, output, batch, channels, plane);
                for (int i = 0; i < used; i++)
                {
                    float expected = withBias ? bias[i / plane % channels] : 0f;
                    if (output[i] != expected)
                        Assert.Fail($"degree {degree}, bias {withBias}: element {i} is {output[i]}, expected {expected}");
                }
                Assert.All(output[used..], v => Assert.Equal(9f, v));
            }
        }
    }

    [Theory]
    [InlineData(1, 64, 32, 128, 128)] // 2 × 1 M floats: split
    [InlineData(2, 3, 5, 7, 9)]
    [InlineData(3, 40, 24, 70, 70)]
    public void Concat_of_large_channel_blocks_is_the_plain_copy_on_any_thread_count(int batch, int c1, int c2, int h, int w)
    {
        var a = Tensor.Uniform(new Rng(2), -1f, 1f, batch, c1, h, w);
        var b = Tensor.Uniform(new Rng(3), -1f, 1f, batch, c2, h, w);
        int plane = h * w;
        var expected = new float[batch * (c1 + c2) * plane];
        for (int n = 0; n < batch; n++)
        {
            Array.Copy(a.Data, n * c1 * plane, expected, n * (c1 + c2) * plane, c1 * plane);
            Array.Copy(b.Data, n * c2 * plane, expected, (n * (c1 + c2) + c1) * plane, c2 * plane);
        }
        foreach (int degree in new[] { 1, 2, 3 })
        {
            using (Parallelism.WithDegree(degree))
            {
                var y = Functional.Concat(a, b, 1);
                Assert.Equal([batch, c1 + c2, h, w], y.Shape);
                Assert.Equal(expected, y.Data);
            }
        }
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

public class ConvolutionGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    // The geometries the networks use: 4x4 s2 p1 (U-Net, PatchGAN), 3x3 s1 p1, 7x7 s1 p0 (ResNet), 1x1 (PixelGAN),
    // plus a 4x4 s1 p1 (PatchGAN's last layers) on odd sizes.
    [Theory]
    [InlineData(2, 3, 8, 8, 4, 4, 2, 1, true)]
    [InlineData(1, 2, 7, 9, 3, 3, 1, 1, true)]
    [InlineData(1, 2, 9, 8, 3, 7, 1, 0, false)]
    [InlineData(2, 3, 5, 5, 2, 1, 1, 0, true)]
    [InlineData(1, 3, 7, 7, 1, 4, 1, 1, true)]
    [InlineData(1, 2, 7, 5, 2, 4, 2, 1, false)]
    public void Conv2d_backward_matches_finite_differences(int n, int cin, int h, int w, int cout, int k, int stride, int pad, bool withBias)
    {
        var inputs = withBias
            ? new[] { R(1, n, cin, h, w), R(2, cout, cin, k, k) * 0.5f, R(3, cout) }
            : new[] { R(1, n, cin, h, w), R(2, cout, cin, k, k) * 0.5f };
        GradCheck.Check(x => Functional.Conv2d(x[0], x[1], withBias ? x[2] : null, stride, pad), inputs.Select(t => t.Detach()).ToArray(), name: $"conv {k}x{k} s{stride} p{pad}");
    }

    // convT 4x4 s2 p1 (U-Net up), convT 3x3 s2 p1 op1 (ResNet up), and a plain stride-1 case.
    [Theory]
    [InlineData(2, 3, 4, 4, 2, 4, 2, 1, 0, true)]
    [InlineData(1, 2, 3, 5, 3, 3, 2, 1, 1, true)]
    [InlineData(1, 2, 3, 3, 2, 3, 1, 0, 0, false)]
    [InlineData(1, 3, 5, 4, 2, 4, 2, 1, 0, false)]
    public void ConvTranspose2d_backward_matches_finite_differences(int n, int cin, int h, int w, int cout, int k, int stride, int pad, int outPad, bool withBias)
    {
        var inputs = withBias
            ? new[] { R(1, n, cin, h, w), R(2, cin, cout, k, k) * 0.5f, R(3, cout) }
            : new[] { R(1, n, cin, h, w), R(2, cin, cout, k, k) * 0.5f };
        GradCheck.Check(x => Functional.ConvTranspose2d(x[0], x[1], withBias ? x[2] : null, stride, pad, outPad), inputs.Select(t => t.Detach()).ToArray(), name: $"convT {k}x{k} s{stride} p{pad} op{outPad}");
    }

    [Fact]
    public void Conv_output_sizes_follow_the_pytorch_formulas()
    {
        Assert.Equal([1, 4, 128, 128], Functional.Conv2d(Tensor.Zeros(1, 3, 256, 256), Tensor.Zeros(4, 3, 4, 4), null, 2, 1).ShapeArray());
        Assert.Equal([1, 1, 30, 30], Functional.Conv2d(Tensor.Zeros(1, 2, 31, 31), Tensor.Zeros(1, 2, 4, 4), null, 1, 1).ShapeArray());
        Assert.Equal([1, 2, 8, 8], Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(3, 2, 4, 4), null, 2, 1).ShapeArray());
        Assert.Equal([1, 2, 8, 8], Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(3, 2, 3, 3), null, 2, 1, 1).ShapeArray());
    }

    [Fact]
    public void Conv_with_wrong_ranks_or_channels_throws_a_clear_argument_exception()
    {
        var ex = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(3, 8, 8), Tensor.Zeros(4, 3, 3, 3), null));
        Assert.Contains("rank 4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 2, 8, 8), Tensor.Zeros(4, 3, 3, 3), null));
        Assert.Contains("2 channels", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 3, 8, 8), Tensor.Zeros(4, 3, 3, 3), Tensor.Zeros(3)));
        Assert.Contains("bias", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(2, 3, 4, 4), null, 2, 1));
        Assert.Contains("3 channels", ex.Message);
        Assert.Throws<ArgumentException>(() => Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(3, 3, 3, 3), null, 2, 1, 2));
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 3, 2, 2), Tensor.Zeros(4, 3, 7, 7), null));
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Kernels;

public class NormKernelTests
{
    [Theory]
    [InlineData(2, 3, 5, 3)]
    [InlineData(1, 6, 7, 3)] // instance-norm layout: groups = N·C, weight per channel
    [InlineData(5, 1, 1, 1)]
    [InlineData(3, 4, 17, 0)]
    public void Norm_kernel_matches_the_definition_forward_and_backward(int outer, int groups, int inner, int weightLength)
    {
        var rng = new Rng(2);
        int n = outer * groups * inner;
        var x = new float[n]; rng.FillUniform(x, -3f, 4f);
        var dy = new float[n]; rng.FillUniform(dy, -1f, 1f);
        var w = new float[weightLength]; rng.FillUniform(w, 0.5f, 1.5f);
        var b = new float[weightLength]; rng.FillUniform(b, -1f, 1f);
        float[] y = new float[n], yRef = new float[n], mean = new float[groups], invStd = new float[groups], variance = new float[groups];
        Norm.ForwardBatchStats(x, w, b, outer, groups, inner, 1e-5f, y, mean, invStd, variance);
        NormReference.Forward(x, w, b, outer, groups, inner, 1e-5f, yRef);
        TensorAssert.Close(yRef, y, 1e-5f, 1e-5f, "forward");
        float[] dx = new float[n], dxRef = new float[n];
        Norm.BackwardBatchStats(x, dy, w, mean, invStd, outer, groups, inner, dx, default, default);
        NormReference.Backward(x, dy, w, outer, groups, inner, 1e-5f, dxRef);
        TensorAssert.Close(dxRef, dx, 1e-4f, 1e-5f, "backward");
    }

    [Theory]
    [InlineData(256, 1024, 0)] // CycleGAN's resnet blocks at 128², no affine
    [InlineData(6, 37, 3)] // affine per channel, planes shorter than the blocks
    [InlineData(3, 2500, 1)]
    public void Instance_norm_normalizing_with_its_statistics_gives_the_bits_of_a_separate_normalize_pass(int groups, int inner, int weightLength)
    {
        // ForwardBatchStats with one row per group normalizes each plane inside its statistics loop; Normalize with
        // the statistics it wrote must give the same bits, at any thread count.
        var rng = new Rng(3);
        var x = new float[groups * inner]; rng.FillUniform(x, -2f, 5f);
        var w = new float[weightLength]; rng.FillUniform(w, 0.5f, 1.5f);
        var b = new float[weightLength]; rng.FillUniform(b, -1f, 1f);
        foreach (int degree in new[] { 1, 2, 3 })
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] y = new float[x.Length], separate = new float[x.Length];
            float[] mean = new float[groups], invStd = new float[groups], variance = new float[groups];
            Norm.ForwardBatchStats(x, w, b, 1, groups, inner, 1e-5f, y, mean, invStd, variance);
            Norm.Normalize(x, w, b, 1, groups, inner, mean, invStd, separate);
            Assert.Equal(separate, y);
        }
    }
}

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
}

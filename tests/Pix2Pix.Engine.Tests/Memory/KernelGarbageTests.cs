using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine.Tests.Memory;

/// <summary>Kernels called a hundred times a step must not leave garbage proportional to their size.</summary>
public class KernelGarbageTests
{
    [Fact]
    public void Validating_a_convolution_geometry_allocates_nothing()
    {
        var g = new Conv2dGeometry(1, 256, 34, 34, 256, 3, 3, 1, 1, 0, 0);
        var t = new ConvTranspose2dGeometry(1, 64, 16, 16, 32, 4, 4, 2, 2, 1, 1, 0, 0);
        g.Validate();
        t.Validate();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            g.Validate();
            t.Validate();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Norm_backward_keeps_its_per_channel_sums_out_of_the_heap()
    {
        using var degree = Parallelism.WithDegree(1);
        const int groups = 4096, inner = 16;
        var rng = new Rng(3);
        float[] x = Tensor.Uniform(rng, -1f, 1f, groups * inner).Data, dy = Tensor.Uniform(rng, -1f, 1f, groups * inner).Data;
        float[] w = new float[groups], mean = new float[groups], invStd = new float[groups], dx = new float[groups * inner];
        float[] dw = new float[groups], db = new float[groups];
        Array.Fill(w, 1f);
        Array.Fill(invStd, 1f);
        Norm.BackwardBatchStats(x, dy, w, mean, invStd, 1, groups, inner, dx, dw, db);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            Norm.BackwardBatchStats(x, dy, w, mean, invStd, 1, groups, inner, dx, dw, db);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // Two double sums per channel would be 64 KB a call; a closure is a few hundred bytes.
        Assert.True(perCall < 1024, $"{perCall} bytes per backward call");
    }
}

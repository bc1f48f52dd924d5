using Pix2Pix.Engine;
using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Kernels;

public class ElementwiseKernelTests
{
    private static float[] R(Rng rng, int n)
    {
        var a = new float[n];
        rng.FillUniform(a, -2f, 2f);
        return a;
    }

    [Fact]
    public void Vectorized_elementwise_kernels_match_the_scalar_reference_for_lengths_1_to_70()
    {
        var rng = new Rng(1);
        for (int n = 1; n <= 70; n++)
        {
            float[] a = R(rng, n), b = R(rng, n), acc = R(rng, n);
            float[] fast = new float[n], slow = new float[n];
            Elementwise.Add(a, b, fast); ElementwiseReference.Add(a, b, slow);
            TensorAssert.Identical(slow, fast, $"add n={n}");
            Elementwise.Multiply(a, b, fast); ElementwiseReference.Multiply(a, b, slow);
            TensorAssert.Identical(slow, fast, $"multiply n={n}");
            Elementwise.LeakyRelu(a, 0.2f, fast); ElementwiseReference.LeakyRelu(a, 0.2f, slow);
            TensorAssert.Identical(slow, fast, $"leaky relu n={n}");
            Elementwise.ScaleShift(a, 0.3f, -1.5f, fast); ElementwiseReference.ScaleShift(a, 0.3f, -1.5f, slow);
            TensorAssert.Close(slow, fast, 1e-6f, 1e-6f, $"scale shift n={n}");
            acc.CopyTo(fast); acc.CopyTo(slow);
            Elementwise.AddScaled(a, 0.7f, fast); ElementwiseReference.AddScaled(a, 0.7f, slow);
            TensorAssert.Close(slow, fast, 1e-6f, 1e-6f, $"add scaled n={n}");
            acc.CopyTo(fast); acc.CopyTo(slow);
            Elementwise.LeakyReluBackward(a, b, 0.2f, fast); ElementwiseReference.LeakyReluBackward(a, b, 0.2f, slow);
            TensorAssert.Identical(slow, fast, $"leaky relu backward n={n}");
        }
    }

    [Fact]
    public void Elementwise_kernels_reject_spans_of_different_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Add(new float[3], new float[3], new float[2]));
        Assert.Contains("too short", ex.Message);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Ops;

/// <summary>Tensors above the parallel chunk size (65,536) take the chunked path; results must equal the element rule.</summary>
public class LargeTensorOpsTests
{
    [Fact]
    public void Chunked_pointwise_ops_and_their_gradients_equal_the_elementwise_definition()
    {
        const int n = 150_001;
        var a = Tensor.Uniform(new Rng(1), -2f, 2f, n);
        var b = Tensor.Uniform(new Rng(2), -2f, 2f, n);
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        var y = Functional.Tanh(Functional.LeakyRelu(a * b + a, 0.2f));
        y.Sum().Backward();
        var expected = new float[n];
        var gradA = new float[n];
        var gradB = new float[n];
        for (int i = 0; i < n; i++)
        {
            float u = a.Data[i] * b.Data[i] + a.Data[i];
            float v = u > 0 ? u : 0.2f * u;
            // The element rule of tanh is the engine's vector tanh applied to one element (it gives the same bits at any
            // position; within 2 ulp of MathF.Tanh, which the kernel tests check).
            Engine.Kernels.Elementwise.Tanh([v], expected.AsSpan(i, 1));
            float dv = 1f - expected[i] * expected[i];
            float du = u > 0 ? dv : 0.2f * dv;
            gradA[i] = du * (b.Data[i] + 1f);
            gradB[i] = du * a.Data[i];
        }
        TensorAssert.Identical(expected, y.Data, "output");
        TensorAssert.Close(gradA, a.Grad!, 1e-6f, 1e-7f, "gradient of a");
        TensorAssert.Close(gradB, b.Grad!, 1e-6f, 1e-7f, "gradient of b");
    }
}

using Pix2Pix.Engine;
using Xunit.Sdk;

namespace Pix2Pix.Engine.Tests.Support;

public class GradCheckSelfTests
{
    /// <summary>An op y = x² whose backward is deliberately off by a factor, to prove the checker can fail.</summary>
    private sealed class WrongSquareNode(Tensor x, float factor) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            for (int i = 0; i < gradOutput.Length; i++)
                GradOf(0)![i] += factor * 2f * Inputs[0].Data[i] * gradOutput[i];
        }
    }

    private static Tensor Square(Tensor x, float factor)
    {
        var y = Tensor.ZerosLike(x);
        for (int i = 0; i < x.Count; i++) y.Data[i] = x.Data[i] * x.Data[i];
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new WrongSquareNode(x, factor)) : y;
    }

    [Fact]
    public void GradCheck_passes_a_correct_backward_and_fails_a_wrong_one()
    {
        var x = Tensor.Uniform(new Rng(1), 0.5f, 1f, 3, 4);
        GradCheck.Check(t => Square(t[0], 1f), [x]);
        Assert.ThrowsAny<XunitException>(() => GradCheck.Check(t => Square(t[0], 1.1f), [x.Clone()]));
    }

    [Fact]
    public void TensorAssert_reports_the_max_difference_and_first_mismatch()
    {
        var ex = Assert.ThrowsAny<XunitException>(() => TensorAssert.Close(Tensor.FromArray([1f, 2f, 3f], 3), Tensor.FromArray([1f, 2.5f, 3f], 3), name: "demo"));
        Assert.Contains("Max |difference| 0.5", ex.Message);
        Assert.Contains("[1] expected 2 got 2.5", ex.Message);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Engine.Tests.Tape;

/// <summary>Autograd.Grad with createGraph: every op a WGAN-GP critic uses, differentiated twice.</summary>
public class SecondOrderGradTests
{
    private static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -1f, 1f, shape);

    private static Tensor Positive(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), 0.5f, 2f, shape);

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 1, 3 })]
    [InlineData(new[] { 4, 1, 3 }, new[] { 2, 1 })]
    public void Mul_add_sub_with_broadcasting_have_second_order_gradients(int[] aShape, int[] bShape)
    {
        Func<Tensor[], Tensor> f = x => F.Sub(F.Mul(F.Mul(x[0], x[1]), F.Add(x[0], x[1])), F.Mul(x[1], x[1]));
        SecondOrderCheck.Check(f, [R(1, aShape), R(2, bShape)], gradOf: 0, name: "mul/add/sub");
        SecondOrderCheck.Check(f, [R(1, aShape), R(2, bShape)], gradOf: 1, name: "mul/add/sub");
    }

    [Fact]
    public void Square_sqrt_and_pow_have_second_order_gradients()
    {
        SecondOrderCheck.Check(x => F.Square(x[0]), [R(3, 2, 5)], name: "square");
        SecondOrderCheck.Check(x => F.Sqrt(x[0]), [Positive(4, 2, 5)], eps: 1e-3f, name: "sqrt");
        SecondOrderCheck.Check(x => F.Pow(x[0], -0.5f), [Positive(5, 7)], eps: 1e-3f, name: "pow −0.5");
        SecondOrderCheck.Check(x => F.Pow(x[0], 3f), [Positive(6, 7)], eps: 1e-3f, name: "pow 3");
    }

    [Fact]
    public void Reductions_reshape_and_affine_have_second_order_gradients()
    {
        SecondOrderCheck.Check(x => F.Square(F.Sum(F.Affine(x[0], 0.7f, 0.2f))), [R(7, 2, 3)], name: "sum");
        SecondOrderCheck.Check(x => F.Square(F.Mean(x[0])), [R(8, 3, 4)], name: "mean");
        SecondOrderCheck.Check(x => F.Square(F.Sum(x[0], 1)), [R(9, 2, 3, 4)], name: "sum dim");
        SecondOrderCheck.Check(x => F.Square(F.Mean(x[0], -1, keepDim: true)), [R(10, 2, 3, 4)], name: "mean dim");
        SecondOrderCheck.Check(x => F.Square(F.Reshape(F.Neg(x[0]), 4, -1)), [R(11, 2, 3, 2)], name: "reshape");
    }

    [Fact]
    public void Activations_have_second_order_gradients()
    {
        var rng = new Rng(12);
        SecondOrderCheck.Check(x => F.Square(F.LeakyRelu(x[0], 0.2f)), [GradCheck.AwayFromZero(rng, 0.1f, 2, 6)], name: "leaky relu");
        SecondOrderCheck.Check(x => F.Tanh(x[0]), [R(13, 2, 6)], eps: 1e-3f, name: "tanh");
        SecondOrderCheck.Check(x => F.Sigmoid(x[0]), [R(14, 2, 6)], eps: 1e-3f, name: "sigmoid");
    }

    [Fact]
    public void Concat_and_slice_have_second_order_gradients()
    {
        Func<Tensor[], Tensor> f = x => F.Square(F.Slice(F.Concat(F.Mul(x[0], x[0]), x[1], 1), 1, 1, 3));
        SecondOrderCheck.Check(f, [R(46, 2, 2, 3), R(47, 2, 3, 3)], gradOf: 0, name: "concat/slice");
        SecondOrderCheck.Check(f, [R(46, 2, 2, 3), R(47, 2, 3, 3)], gradOf: 1, name: "concat/slice");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMul_has_second_order_gradients(bool transposeA, bool transposeB)
    {
        var a = transposeA ? R(15, 4, 3) : R(15, 3, 4);
        var b = transposeB ? R(16, 5, 4) : R(16, 4, 5);
        Func<Tensor[], Tensor> f = x => F.Square(F.MatMul(x[0], x[1], transposeA, transposeB));
        SecondOrderCheck.Check(f, [a, b], gradOf: 0, name: $"matmul {transposeA} {transposeB}");
        SecondOrderCheck.Check(f, [a.Detach(), b.Detach()], gradOf: 1, name: $"matmul {transposeA} {transposeB}");
    }

    [Fact]
    public void Linear_has_second_order_gradients()
    {
        Func<Tensor[], Tensor> f = x => F.Square(F.Linear(x[0], x[1], x[2]));
        SecondOrderCheck.Check(f, [R(17, 2, 3, 4), R(18, 5, 4), R(19, 5)], gradOf: 0, name: "linear");
        SecondOrderCheck.Check(f, [R(17, 2, 3, 4), R(18, 5, 4), R(19, 5)], gradOf: 1, name: "linear");
        SecondOrderCheck.Check(f, [R(17, 2, 3, 4), R(18, 5, 4), R(19, 5)], gradOf: 2, name: "linear");
    }

    [Theory]
    [InlineData(2, 2, 6, 6, 3, 3, 2, 1)]
    [InlineData(1, 3, 5, 7, 2, 3, 1, 1)]
    [InlineData(2, 1, 7, 7, 2, 4, 2, 1)]
    [InlineData(1, 2, 4, 5, 3, 1, 1, 0)]
    [InlineData(2, 3, 6, 6, 1, 4, 1, 1)]
    [InlineData(2, 8, 5, 5, 16, 4, 1, 1)]
    public void Conv2d_has_second_order_gradients(int n, int cin, int h, int w, int cout, int k, int stride, int pad)
    {
        Func<Tensor[], Tensor> f = x => F.Square(F.Conv2d(x[0], x[1], x[2], stride, pad));
        Tensor[] Inputs() => [R(20, n, cin, h, w), R(21, cout, cin, k, k) * 0.5f, R(22, cout)];
        for (int of = 0; of < 3; of++)
            SecondOrderCheck.Check(f, Inputs(), gradOf: of, name: $"conv {k}x{k} s{stride} p{pad}");
    }

    [Theory]
    [InlineData(1, 2, 3, 4, 2, 4, 2, 1, 0)]
    [InlineData(2, 2, 3, 3, 1, 3, 2, 1, 1)]
    public void ConvTranspose2d_has_second_order_gradients(int n, int cin, int h, int w, int cout, int k, int stride, int pad, int outPad)
    {
        Func<Tensor[], Tensor> f = x => F.Square(F.ConvTranspose2d(x[0], x[1], x[2], stride, pad, outPad));
        Tensor[] Inputs() => [R(23, n, cin, h, w), R(24, cin, cout, k, k) * 0.5f, R(25, cout)];
        for (int of = 0; of < 3; of++)
            SecondOrderCheck.Check(f, Inputs(), gradOf: of, name: $"convT {k}x{k} s{stride} p{pad} op{outPad}");
    }

    [Fact]
    public void Instance_norm_has_second_order_gradients()
    {
        Func<Tensor[], Tensor> f = x => F.Square(F.InstanceNorm2d(x[0], x[1], x[2]));
        for (int of = 0; of < 3; of++)
            SecondOrderCheck.Check(f, [R(26, 2, 3, 3, 4), R(27, 3), R(28, 3)], gradOf: of, eps: 1e-3f, name: "instance norm");
        SecondOrderCheck.Check(x => F.InstanceNorm2d(x[0]), [R(29, 1, 2, 4, 3)], eps: 1e-3f, name: "instance norm, no affine");
    }

    [Fact]
    public void Batch_norm_has_second_order_gradients_in_training_and_evaluation()
    {
        SecondOrderCheck.Check(x => F.Square(F.BatchNorm(x[0], x[1], x[2], null, null, training: true)), [R(30, 3, 2, 4), R(31, 2), R(32, 2)], eps: 1e-3f, name: "batch norm");
        var mean = R(33, 2);
        var variance = Positive(34, 2);
        SecondOrderCheck.Check(x => F.Square(F.BatchNorm(x[0], x[1], x[2], mean, variance, training: false)), [R(35, 3, 2), R(36, 2), R(37, 2)], name: "batch norm eval");
    }

    [Fact]
    public void Grad_without_create_graph_equals_backward_and_carries_no_graph()
    {
        var x = R(40, 3, 4);
        var w = R(41, 2, 4);
        var b = R(42, 2);
        foreach (var t in new[] { x, w, b })
            t.RequiresGrad = true;
        Tensor Loss() => F.Mean(F.Square(F.LeakyRelu(F.Linear(x, w, b), 0.2f)));
        var grads = Autograd.Grad([Loss()], [x, w, b]);
        Assert.Null(x.Grad);
        Loss().Backward();
        TensorAssert.Close(x.Grad!, grads[0].Data, 1e-6f);
        TensorAssert.Close(w.Grad!, grads[1].Data, 1e-6f);
        TensorAssert.Close(b.Grad!, grads[2].Data, 1e-6f);
        Assert.All(grads, g => Assert.False(g.RequiresGrad));
    }

    [Fact]
    public void Grad_through_an_op_without_a_differentiable_backward_names_the_op()
    {
        var x = R(43, 2, 3);
        x.RequiresGrad = true;
        var y = F.Sum(F.Permute(x, 1, 0));
        var e = Assert.Throws<NotSupportedException>(() => Autograd.Grad(y, x, createGraph: true));
        Assert.Contains("Gather", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grad_keeps_the_graph_for_a_later_backward_and_refuses_a_released_one()
    {
        var x = R(48, 4);
        x.RequiresGrad = true;
        var loss = F.Sum(F.Square(x));
        var g = Autograd.Grad(loss, x, createGraph: true);
        F.Sum(F.Square(g)).Backward();   // d/dx Σ(2x)² = 8x, through the second-order graph
        TensorAssert.Close(x.Data.Select(v => 8 * v).ToArray(), x.Grad!, 1e-6f);
        x.Grad = null;
        loss.Backward();                 // the first graph is still there
        TensorAssert.Close(x.Data.Select(v => 2 * v).ToArray(), x.Grad!, 1e-6f);
        var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(loss, x));
        Assert.Contains("released", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_the_output_does_not_depend_on_get_zeros()
    {
        var x = R(44, 3);
        var unused = R(45, 2);
        x.RequiresGrad = unused.RequiresGrad = true;
        var grads = Autograd.Grad([F.Sum(F.Square(x))], [x, unused], createGraph: true);
        Assert.Equal(new float[2], grads[1].Data);
        TensorAssert.Close(x.Data.Select(v => 2 * v).ToArray(), grads[0].Data, 1e-6f);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;

// Not "Tests.Autograd": a namespace of that name would hide the Autograd class from every test.
namespace Pix2Pix.Engine.Tests.Tape;

public class CompositeGradTests
{
    private static Tensor R(int seed, float scale, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), -scale, scale, shape);

    /// <summary>
    /// A U-Net skip block in miniature: x feeds both the concat and the down path, so its gradient has two
    /// contributions, and intermediate gradient buffers of equal sizes are recycled during backward.
    /// Smooth activations stand in for the reference's (Leaky)ReLU: with eps 1e-2 a kink between x ± eps would
    /// spoil the finite difference (the ReLU graph passes with eps 1e-3; the ops alone are checked elsewhere).
    /// </summary>
    [Fact]
    public void Skip_block_graph_backward_matches_finite_differences()
    {
        static Tensor Block(Tensor[] p)
        {
            var h = Functional.Conv2d(Functional.Tanh(p[0]), p[1], null, 2, 1);
            h = Functional.BatchNorm(h, p[2], p[3], null, null, training: true);
            h = Functional.ConvTranspose2d(Functional.Sigmoid(h), p[4], p[5], 2, 1);
            h = Functional.InstanceNorm2d(h);
            var skip = Functional.Concat(p[0], h);
            return Functional.Tanh(Functional.Conv2d(skip, p[6], null, 1, 1)) + p[0] * 0.5f;
        }
        GradCheck.Check(Block,
            [R(1, 1f, 2, 2, 6, 6), R(2, 0.5f, 3, 2, 4, 4), R(3, 0.5f, 3) + 1f, R(4, 0.5f, 3), R(5, 0.5f, 3, 2, 4, 4), R(6, 0.5f, 2), R(7, 0.5f, 2, 4, 3, 3)],
            name: "skip block");
    }

    [Fact]
    public void Resnet_block_with_reflection_padding_backward_matches_finite_differences()
    {
        static Tensor Block(Tensor[] p)
        {
            var h = Functional.Conv2d(Functional.ReflectionPad2d(p[0], 1), p[1], null);
            h = Functional.Relu(Functional.InstanceNorm2d(h));
            h = Functional.InstanceNorm2d(Functional.Conv2d(Functional.ReflectionPad2d(h, 1), p[2], null));
            return p[0] + h;
        }
        GradCheck.Check(Block, [R(1, 1f, 1, 3, 5, 5), R(2, 0.5f, 3, 3, 3, 3), R(3, 0.5f, 3, 3, 3, 3)], name: "resnet block");
    }
}

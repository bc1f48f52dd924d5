using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests;

public class DeterminismTests
{
    private static (float[] Output, float[] Grads) Run(ulong seed)
    {
        var rng = new Rng(seed);
        var net = new Sequential(new Conv2d(3, 8, 4, 2, 1, bias: false, rng: rng), new BatchNorm2d(8), new LeakyReLU(0.2f),
            new Dropout(0.5f, rng), new ConvTranspose2d(8, 3, 4, 2, 1, rng: rng), new Tanh());
        WeightInit.Apply(net, InitType.Normal, 0.02f, rng);
        var x = Tensor.Normal(rng, 0f, 1f, 2, 3, 16, 16);
        var y = net.Forward(x);
        (Functional.L1Loss(y, Tensor.Zeros(y.ShapeArray())) + Functional.BceWithLogits(y, 1f)).Backward();
        return (y.Data, net.Parameters().SelectMany(p => p.Grad!).ToArray());
    }

    // Uses the current Parallelism.Degree (not changed here: tests run in parallel and share it).
    [Fact]
    public void Same_seed_gives_bit_identical_outputs_and_gradients_for_a_small_network()
    {
        var a = Run(42);
        var b = Run(42);
        TensorAssert.Identical(a.Output, b.Output, "outputs");
        TensorAssert.Identical(a.Grads, b.Grads, "gradients");
        Assert.NotEqual(a.Output, Run(43).Output);
    }
}

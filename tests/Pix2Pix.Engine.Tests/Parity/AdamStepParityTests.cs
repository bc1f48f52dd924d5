using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>
/// One full training step against PyTorch: conv 4x4 s2 p1 (no bias) → BatchNorm2d → LeakyReLU(0.2) → convT 4x4 s2 p1 → tanh,
/// loss = L1(tanh, target) + BCE-with-logits(pre-tanh, 1), Adam(lr 2e-4, betas (0.5, 0.999)).
/// Compares losses, outputs, every gradient, every updated weight and the updated running statistics.
/// </summary>
public class AdamStepParityTests(ITestOutputHelper output)
{
    [Fact]
    public void One_adam_step_of_a_small_network_matches_pytorch()
    {
        var set = EngineFixture.Set;
        var net = new Sequential(new Conv2d(3, 6, 4, 2, 1, bias: false), new BatchNorm2d(6), new LeakyReLU(0.2f), new ConvTranspose2d(6, 2, 4, 2, 1));
        var before = new StateDict();
        foreach (var name in net.StateDict().Names.Where(n => set.Contains("adam.before." + n)))
            before.Add(name, set.Get("adam.before." + name));
        net.LoadStateDict(before, "adam fixture", strict: false);

        var adam = new Adam(net.Parameters(), 2e-4f, 0.5f, 0.999f);
        adam.ZeroGrad();
        var logits = net.Forward(set.Get("adam.x"));
        var y = Functional.Tanh(logits);
        var l1 = Functional.L1Loss(y, set.Get("adam.target"));
        var bce = Functional.BceWithLogits(logits, 1f);
        (l1 + bce).Backward();

        TensorAssert.Close(set.Get("adam.y"), y, name: "network output");
        Assert.Equal(set.Get("adam.loss_l1").Item(), l1.Item(), 5);
        Assert.Equal(set.Get("adam.loss_bce").Item(), bce.Item(), 5);
        foreach (var (name, p) in net.NamedParameters())
        {
            var expected = set.Get("adam.grad." + name);
            output.WriteLine($"grad {name}: max |diff| {TensorAssert.MaxAbsDifference(expected.Data, p.Grad!):G3}");
            TensorAssert.Close(expected, new Tensor(p.Grad!, p.ShapeArray()), rtol: 1e-3f, atol: 1e-6f, name: "gradient of " + name);
        }
        adam.Step();
        var after = net.StateDict();
        foreach (var name in after.Names.Where(n => set.Contains("adam.after." + n)))
        {
            after.TryGetFloat(name, out var live);
            var expected = set.Get("adam.after." + name);
            output.WriteLine($"after {name}: max |diff| {TensorAssert.MaxAbsDifference(expected.Data, live.Data):G3}");
            TensorAssert.Close(expected, live, rtol: 1e-5f, atol: 1e-6f, name: "updated " + name);
        }
        after.TryGetInt64("1.num_batches_tracked", out var tracked);
        Assert.Equal(1L, tracked.Data[0]);
    }
}

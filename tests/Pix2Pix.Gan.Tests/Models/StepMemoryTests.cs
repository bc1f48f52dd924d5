using Pix2Pix.Engine;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>
/// Training steps run in GanModel.StepArena, entered by the loop around each step, recycle their buffers: after the
/// first step a model allocates no new tensor buffers, and a step's visuals stay readable until the next step.
/// </summary>
public class StepMemoryTests
{
    private static void Step(GanModel model, Tensor a, Tensor b)
    {
        using (model.StepArena.Enter())
        {
            model.SetInput(a, b);
            model.OptimizeParameters();
        }
    }

    private static void AssertSteady(GanModel model, Tensor a, Tensor b)
    {
        var counts = new List<long>();
        for (int step = 0; step < 4; step++)
        {
            Step(model, a, b);
            counts.Add(model.StepArena.HeapAllocations);
        }
        Assert.True(counts[0] > 20, $"the first step should draw its buffers from the arena; it allocated {counts[0]}");
        Assert.All(counts, n => Assert.Equal(counts[0], n));
        Assert.True(model.StepArena.RetainedBytes > 0);
    }

    [Fact]
    public void Pix2pix_steps_allocate_no_new_buffers_after_the_first()
    {
        var opt = new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128 };
        var model = new Pix2PixModel(opt, seed: 3);
        var rng = new Rng(9);
        AssertSteady(model, Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128), Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128));
    }

    [Fact]
    public void Cyclegan_steps_allocate_no_new_buffers_after_the_first()
    {
        var opt = new TrainOptions { Model = "cycle_gan", NetG = "resnet_6blocks", Ngf = 4, Ndf = 4, CropSize = 32, Norm = "instance", GanMode = "lsgan" };
        var model = new CycleGanModel(opt, seed: 3);
        var rng = new Rng(9);
        AssertSteady(model, Tensor.Uniform(rng, -1f, 1f, 1, 3, 32, 32), Tensor.Uniform(rng, -1f, 1f, 1, 3, 32, 32));
    }

    [Fact]
    public void A_steps_fake_image_stays_readable_until_the_next_step_and_equals_a_fresh_forward()
    {
        var opt = new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128, NoDropout = true };
        var model = new Pix2PixModel(opt, seed: 4);
        var rng = new Rng(10);
        var a = Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128);
        var b = Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128);
        Step(model, a, b);
        var firstFake = model.CurrentVisuals().Single(v => v.Name == "fake_B").Image;
        var fakeAfterStep = firstFake.Clone();
        Step(model, a, b);
        var fake = model.CurrentVisuals().Single(v => v.Name == "fake_B").Image;
        // The second step's fake is its own forward (before its updates), not the first step's buffer contents.
        Assert.NotEqual(fakeAfterStep.Data, fake.Data);
        // The first step's fake was recycled by the second step: reading it is refused, its clone is not.
        Assert.Throws<StaleTensorException>(() => firstFake.Data);
        // A forward outside any step (heap buffers) reads the second step's fake back unchanged.
        var snapshot = fake.Clone();
        model.SetInput(a, b);
        using (Autograd.NoGrad())
            model.Forward();
        Assert.Equal(snapshot.Data, fake.Data);
    }

    [Fact]
    public void A_step_outside_any_arena_runs_on_the_heap_with_the_same_losses_as_in_the_arena()
    {
        var opt = new TrainOptions { Model = "pix2pix", NetG = "unet_128", Ngf = 4, Ndf = 4, CropSize = 128 };
        var pooled = new Pix2PixModel(opt, seed: 5);
        var heap = new Pix2PixModel(opt, seed: 5);
        var rng = new Rng(11);
        var a = Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128);
        var b = Tensor.Uniform(rng, -1f, 1f, 1, 3, 128, 128);
        for (int step = 0; step < 2; step++)
        {
            Step(pooled, a, b);
            heap.SetInput(a, b);
            heap.OptimizeParameters();
            Assert.Equal(pooled.CurrentLosses(), heap.CurrentLosses());
        }
        Assert.Equal(0, heap.StepArena.HeapAllocations);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Models;

public class TestModelTests
{
    private static TestOptions Options() => new() { Model = "test", NetG = "resnet_6blocks", Ngf = 4, Norm = "instance", NoDropout = true };

    [Fact]
    public void The_test_model_has_one_generator_G_and_shows_real_A_and_fake()
    {
        var model = (TestModel)ModelFactory.Create(Options(), 1);
        Assert.Equal(["G"], model.Networks.Select(n => n.Name));
        Assert.Empty(model.CurrentLosses());
        var input = Tensor.Uniform(new Rng(2), -1f, 1f, 1, 3, 16, 16);
        model.SetInput(input, null);
        using (Autograd.NoGrad())
            model.Forward();
        Assert.Equal(["real_A", "fake"], model.CurrentVisuals().Select(v => v.Name));
        Assert.Equal(model.NetG.Forward(input).Data, model.Fake!.Data);
    }

    [Fact]
    public void The_test_model_runs_the_same_generator_as_cyclegan_G_A_with_the_same_weights()
    {
        var cycle = new CycleGanModel(Options(), 7);
        var test = (TestModel)ModelFactory.Create(Options(), 99);
        test.NetG.LoadStateDict(cycle.Network("G_A").StateDict(), "G_A");
        var input = Tensor.Uniform(new Rng(3), -1f, 1f, 1, 3, 16, 16);
        cycle.SetInput(input, null);
        test.SetInput(input, null);
        using (Autograd.NoGrad())
        {
            cycle.Forward();
            test.Forward();
        }
        Assert.Equal(cycle.FakeB!.Data, test.Fake!.Data);
    }

    [Fact]
    public void The_test_model_refuses_to_train_and_names_the_models_that_can()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TestModel(new TrainOptions { Model = "test" }, 0));
        Assert.Contains("cycle_gan", ex.Message, StringComparison.Ordinal);
        var model = new TestModel(Options(), 0);
        var op = Assert.Throws<InvalidOperationException>(model.OptimizeParameters);
        Assert.Contains("--model cycle_gan", op.Message, StringComparison.Ordinal);
    }
}

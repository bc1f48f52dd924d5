namespace Pix2Pix.Gan.Models;

/// <summary>The test model's registration: one generator "G" on single images; it cannot be trained.</summary>
internal sealed partial class TestModel
{
    public static ModelDescriptor Descriptor { get; } = new()
    {
        Name = "test",
        Build = (options, seed) => new TestModel(options, seed),
        DatasetMode = "single",
        Networks = [NetworkSlot.Generator("G")],
        VisualNames = ["real_A", "fake"],
        TrainingRefusal = "--model test is for testing only (one direction of a CycleGAN); train with --model cycle_gan, pix2pix or colorization.",
    };
}

using Pix2Pix.Engine;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Registry;

public class NetworkRegistryTests
{
    [Fact]
    public void Every_generator_built_follows_the_size_rule_its_descriptor_declares()
    {
        foreach (var descriptor in NetworkRegistry.Generators)
        {
            var net = descriptor.Build(new NetworkArgs(3, 3, 2, "batch"));
            Assert.Equal(descriptor.SizeRule.Multiple, Assert.IsAssignableFrom<ISizedNetwork>(net).SizeRule.Multiple);
        }
        Assert.Equal([256, 128, 4, 4], NetworkRegistry.Generators.Select(g => g.SizeRule.Multiple));
    }

    [Fact]
    public void Options_shape_walk_and_forward_all_refuse_a_size_by_the_same_rule()
    {
        var rule = NetworkRegistry.Generator("unet_128").SizeRule;
        var options = new TrainOptions { DataRoot = "x", NetG = "unet_128", CropSize = 100, LoadSize = 100 };
        Assert.Contains("not a multiple of 128", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
        var net = NetworkFactory.DefineG(3, 3, 2, "unet_128", "batch", false, "normal", 0.02f, null, null);
        string walk = Assert.Throws<ArgumentException>(() => ShapeWalk.Profile(net, [1, 3, 100, 100])).Message;
        string forward = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(1, 3, 100, 100))).Message;
        Assert.Equal(walk, forward);
        Assert.StartsWith($"{rule.Owner} needs H and W multiples of {rule.Multiple}", walk, StringComparison.Ordinal);
        Assert.True(rule.Fits(256));
    }

    [Fact]
    public void A_crop_size_that_does_not_fit_is_answered_with_the_two_nearest_that_do()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SizeRule(256, "A U-Net").CheckCropSize(300, "--netG unet_256"));
        Assert.Equal("--crop_size 300 is not a multiple of 256, which --netG unet_256 needs; use 256 or 512.", ex.Message);
    }

    [Fact]
    public void A_resnet_needs_sides_of_at_least_8_and_its_rule_says_so()
    {
        var rule = NetworkRegistry.Generator("resnet_6blocks").SizeRule;
        Assert.Equal((4, 8), (rule.Multiple, rule.Minimum));
        Assert.False(rule.Fits(4));
        Assert.True(rule.Fits(8));
        Assert.Equal((8, 8, 12), (rule.Nearest(5), rule.Next(5), rule.Next(9)));
        Assert.Equal("--crop_size 4 is smaller than 8, the least --netG resnet_6blocks works with; use 8 or more.",
            Assert.Throws<ArgumentException>(() => rule.CheckCropSize(4, "--netG resnet_6blocks")).Message);

        // the smallest side the rule accepts really runs; the next smaller multiple is refused before any layer runs
        var net = NetworkFactory.DefineG(3, 3, 2, "resnet_6blocks", "instance", false, "normal", 0.02f, new Rng(1), null);
        Assert.Equal([1, 3, 8, 8], net.Forward(Tensor.Zeros(1, 3, 8, 8)).Shape.ToArray());
        Assert.StartsWith("A ResNet generator needs H and W multiples of 4, at least 8; got 4x4",
            Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(1, 3, 4, 4))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_discriminators_read_the_flags_they_name()
    {
        Assert.Equal(["basic", "n_layers", "pixel"], NetworkRegistry.Discriminators.Select(d => d.Name));
        Assert.Equal(["basic", "n_layers", "pixel", "gan_mnist", "cgan_mnist", "dcgan_mnist", "dcgan_mnist32", "dcgan_64", "wgangp_mnist", "progan"], NetworkRegistry.DiscriminatorNames);
        Assert.Contains("n_layers_D", NetworkRegistry.Discriminator("n_layers").Reads);
        Assert.DoesNotContain("n_layers_D", NetworkRegistry.Discriminator("basic").Reads);
    }
}

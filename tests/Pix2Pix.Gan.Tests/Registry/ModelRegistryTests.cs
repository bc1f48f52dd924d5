using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Registry;

public class ModelRegistryTests
{
    public static TheoryData<string> BuiltInModels() => ["pix2pix", "cycle_gan", "colorization", "test"];

    [Fact]
    public void The_built_in_models_are_listed_in_the_reference_order_and_cycle_gan_is_the_default()
    {
        Assert.Equal(["pix2pix", "cycle_gan", "colorization", "test"], ModelRegistry.Names.Take(4));
        Assert.Equal("cycle_gan", new TrainOptions().Model);
    }

    [Theory]
    [MemberData(nameof(BuiltInModels))]
    public void A_model_builds_the_networks_and_shows_the_visuals_its_descriptor_names(string name)
    {
        var descriptor = ModelRegistry.Get(name);
        var test = Small(new TestOptions { Model = name });
        var atTest = descriptor.Build(test, 1);
        Assert.Equal(descriptor.Generators.Select(s => s.Name), atTest.Networks.Select(n => n.Name));
        Assert.Equal(descriptor.VisualNames, atTest.VisualNames);
        if (descriptor.TrainingRefusal is not null)
            return;
        var train = Small(new TrainOptions { Model = name });
        train.ApplyModelDefaults(new HashSet<string> { "model", "netG", "ngf", "ndf" });
        var atTraining = descriptor.Build(train, 1);
        Assert.Equal(descriptor.Networks.Select(s => s.Name), atTraining.Networks.Select(n => n.Name));
    }

    [Fact]
    public void Pix2pix_declares_lambda_L1_and_gives_the_reference_defaults()
    {
        var o = new TrainOptions { Model = "pix2pix" };
        ModelRegistry.Get("pix2pix").ApplyDefaults(o, new HashSet<string>());
        Assert.Equal(("unet_256", "batch", "vanilla", 0, "aligned"), (o.NetG, o.Norm, o.GanMode, o.PoolSize, o.DatasetMode));
        Assert.Equal(100f, o.LambdaL1);
        Assert.Contains(TrainOptions.TrainSpecs, s => s.Flag == "lambda_L1");
    }

    [Fact]
    public void Each_model_flag_appears_once_in_the_flag_table_in_registry_order()
    {
        var flags = TrainOptions.TrainSpecs.Select(s => s.Flag).ToList();
        Assert.Equal(flags.Count, flags.Distinct().Count());
        int l1 = flags.IndexOf("lambda_L1");
        Assert.Equal(["lambda_L1", "lambda_A", "lambda_B", "lambda_identity"], flags.Skip(l1).Take(4));
    }

    [Fact]
    public void Cycle_gan_always_runs_without_dropout_and_test_reads_single_images()
    {
        var cycle = new TrainOptions { Model = "cycle_gan" };
        cycle.ApplyModelDefaults(new HashSet<string> { "model", "no_dropout" });
        Assert.True(cycle.NoDropout);
        var test = new TestOptions { Model = "test" };
        test.ApplyModelDefaults(new HashSet<string> { "model" });
        Assert.Equal("single", test.DatasetMode);
    }

    [Fact]
    public void An_unknown_model_lists_the_known_ones()
    {
        var ex = Assert.Throws<NotSupportedException>(() => ModelFactory.Create(new TestOptions { Model = "nope" }, 0));
        Assert.Contains("pix2pix, cycle_gan, colorization, test", ex.Message, StringComparison.Ordinal);
    }

    private static T Small<T>(T options)
        where T : BaseOptions
    {
        options.ApplyModelDefaults(new HashSet<string> { "model" });
        options.NetG = "unet_128";
        options.Ngf = 2;
        options.Ndf = 2;
        return options;
    }
}

using System.Text.Json;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Networks;

/// <summary>Our networks against the state_dict names, shapes and parameter counts PyTorch gives the reference's.</summary>
public class NetworkStructureTests
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "network_state_dicts.json"))).RootElement);

    public static TheoryData<string> Keys() => new()
    {
        "unet_256/batch/ngf64", "unet_128/instance/ngf16", "resnet_9blocks/instance/ngf64", "resnet_6blocks/batch/ngf8",
        "basic/batch/ndf64/in6", "n_layers5/instance/ndf8/in3", "pixel/batch/ndf64/in6",
    };

    private static Module Build(string key) => key switch
    {
        "unet_256/batch/ngf64" => NetworkFactory.DefineG(3, 3, 64, "unet_256", "batch", true, "normal", 0.02f, null, null),
        "unet_128/instance/ngf16" => NetworkFactory.DefineG(3, 3, 16, "unet_128", "instance", false, "normal", 0.02f, null, null),
        "resnet_9blocks/instance/ngf64" => NetworkFactory.DefineG(3, 3, 64, "resnet_9blocks", "instance", false, "normal", 0.02f, null, null),
        "resnet_6blocks/batch/ngf8" => NetworkFactory.DefineG(3, 3, 8, "resnet_6blocks", "batch", false, "normal", 0.02f, null, null),
        "basic/batch/ndf64/in6" => NetworkFactory.DefineD(6, 64, "basic", 3, "batch", "normal", 0.02f, null),
        "n_layers5/instance/ndf8/in3" => NetworkFactory.DefineD(3, 8, "n_layers", 5, "instance", "normal", 0.02f, null),
        "pixel/batch/ndf64/in6" => NetworkFactory.DefineD(6, 64, "pixel", 3, "batch", "normal", 0.02f, null),
        _ => throw new ArgumentException(key),
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void State_dict_names_shapes_and_order_match_pytorch(string key)
    {
        var expected = Expected.Value.GetProperty(key);
        var net = Build(key);
        var ours = net.StateDict();
        var theirs = expected.GetProperty("state_dict").EnumerateArray()
            .Select(e => (Name: e[0].GetString()!, Shape: e[1].EnumerateArray().Select(x => x.GetInt32()).ToArray())).ToList();
        Assert.Equal(theirs.Select(t => t.Name), ours.Names);
        foreach (var (name, shape) in theirs)
            Assert.True(shape.SequenceEqual(ours.ShapeOf(name)), $"{name}: ours [{string.Join(",", ours.ShapeOf(name))}], PyTorch [{string.Join(",", shape)}]");
        Assert.Equal(expected.GetProperty("parameters").GetInt64(), net.ParameterCount());
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 34)]
    [InlineData(3, 70)]
    [InlineData(4, 142)]
    [InlineData(5, 286)]
    public void PatchGan_receptive_fields_are_the_papers(int layers, int field)
    {
        Assert.Equal(field, NLayerDiscriminator.ReceptiveField(layers));
    }

    [Fact]
    public void Basic_discriminator_maps_256_pixels_to_a_30x30_patch_grid()
    {
        var d = NetworkFactory.DefineD(6, 4, "basic", 3, "batch", "normal", 0.02f, new Rng(1));
        using var _ = Autograd.NoGrad();
        var y = d.Forward(Tensor.Zeros(1, 6, 256, 256));
        Assert.Equal(new[] { 1, 1, 30, 30 }, y.Shape.ToArray());
    }

    [Fact]
    public void Unet_rejects_an_input_size_it_cannot_halve_eight_times_and_says_what_fits()
    {
        var g = NetworkFactory.DefineG(3, 3, 2, "unet_256", "batch", false, "normal", 0.02f, new Rng(1), null);
        var ex = Assert.Throws<ArgumentException>(() => g.Forward(Tensor.Zeros(1, 3, 100, 100)));
        Assert.Contains("multiples of 256", ex.Message);
    }

    [Fact]
    public void Unknown_architecture_names_list_the_allowed_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => NetworkFactory.DefineG(3, 3, 8, "unet_64", "batch", false, "normal", 0.02f, null, null));
        Assert.Contains("unet_256, unet_128, resnet_9blocks, resnet_6blocks", ex.Message);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Benchmarking;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Benchmarking;

/// <summary>The shape walk's shapes and FLOPs against the convolution formulas and against real forward passes.</summary>
public class ShapeWalkTests
{
    [Fact]
    public void A_single_conv2d_has_the_formula_output_size_and_flops()
    {
        var conv = new Conv2d(3, 8, 3, stride: 2, padding: 1);
        var profile = ShapeWalk.Profile(conv, [2, 3, 17, 17]);
        var layer = Assert.Single(profile.Layers);
        Assert.Equal([2, 8, 9, 9], layer.OutputShape);
        // 2 FLOPs per multiply-add; each of 2·8·9·9 outputs sums 3·3·3 products.
        Assert.Equal(2L * 2 * 8 * 9 * 9 * 3 * 3 * 3, layer.Flops);
        Assert.Equal(8 * 3 * 3 * 3 + 8, layer.Parameters);
        Assert.Equal("Conv2d", layer.Type);
    }

    [Fact]
    public void A_single_conv_transpose_counts_flops_on_its_input_grid()
    {
        var convT = new ConvTranspose2d(8, 4, 4, stride: 2, padding: 1, bias: false);
        var profile = ShapeWalk.Profile(convT, [1, 8, 5, 5]);
        var layer = Assert.Single(profile.Layers);
        Assert.Equal([1, 4, 10, 10], layer.OutputShape);
        Assert.Equal(2L * 1 * 8 * 5 * 5 * 4 * 4 * 4, layer.Flops);
        Assert.Null(profile.ReceptiveField);
    }

    public static TheoryData<string, int> Networks() => new()
    {
        { "unet_128", 128 }, { "resnet_6blocks", 32 }, { "basic", 64 }, { "n_layers", 96 }, { "pixel", 16 },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_walked_output_shape_equals_a_real_forward_pass(string name, int size)
    {
        var net = name.StartsWith("unet", StringComparison.Ordinal) || name.StartsWith("resnet", StringComparison.Ordinal)
            ? NetworkFactory.DefineG(3, 2, 4, name, "instance", useDropout: true, "normal", 0.02f, null, null)
            : NetworkFactory.DefineD(5, 4, name, 4, "batch", "normal", 0.02f, null);
        int channels = name.StartsWith("unet", StringComparison.Ordinal) || name.StartsWith("resnet", StringComparison.Ordinal) ? 3 : 5;
        var profile = ShapeWalk.Profile(net, [2, channels, size, size]);
        Tensor real;
        using (Autograd.NoGrad())
            real = net.Forward(Tensor.Zeros(2, channels, size, size));
        Assert.Equal(real.ShapeArray(), profile.OutputShape);
        Assert.Equal(profile.OutputShape, profile.Layers[^1].OutputShape);
        Assert.Equal(net.ParameterCount(), profile.Layers.Sum(l => l.Parameters));
        Assert.Equal(net.NamedModules().Where(m => m.Module.NamedChildren.Count == 0).Select(m => m.Name).Order(StringComparer.Ordinal),
            profile.Layers.Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unet_256_forward_flops_equal_a_hand_computation()
    {
        var net = NetworkFactory.DefineG(3, 3, 64, "unet_256", "batch", true, "normal", 0.02f, null, null);
        var profile = ShapeWalk.Profile(net, [1, 3, 256, 256]);

        // Level i: down conv 4×4 s2 from outer[i] to inner[i] channels; up convT 4×4 s2 from 2·inner[i] (inner[i] at the
        // innermost, where there is no skip) back to outer[i] (output_nc at the outermost), on the grid of size 256 >> (i+1).
        int[] outer = [3, 64, 128, 256, 512, 512, 512, 512];
        int[] inner = [64, 128, 256, 512, 512, 512, 512, 512];
        long expected = 0;
        for (int i = 0; i < 8; i++)
        {
            long grid = 256 >> (i + 1);
            expected += 2 * inner[i] * grid * grid * outer[i] * 16;
            long upIn = i == 7 ? inner[i] : 2 * inner[i];
            long upOut = i == 0 ? 3 : outer[i];
            expected += 2 * upIn * grid * grid * upOut * 16;
        }
        Assert.Equal(expected, profile.ForwardFlops);
        Assert.Equal(12_096_372_736L, expected);
        Assert.Equal(54_413_955, profile.ParameterCount);
    }

    [Fact]
    public void Resnet_9blocks_forward_flops_equal_a_hand_computation()
    {
        var net = NetworkFactory.DefineG(3, 3, 64, "resnet_9blocks", "instance", false, "normal", 0.02f, null, null);
        var profile = ShapeWalk.Profile(net, [1, 3, 256, 256]);
        static long Conv(long cin, long cout, long k, long grid) => 2 * cin * cout * k * k * grid * grid;
        long expected = Conv(3, 64, 7, 256)            // 7×7 stem on the reflection-padded image
            + Conv(64, 128, 3, 128) + Conv(128, 256, 3, 64)   // stride-2 downsamplings (output grids)
            + 18 * Conv(256, 256, 3, 64)                // 9 blocks × 2 convs
            + Conv(256, 128, 3, 64) + Conv(128, 64, 3, 128)   // transposed convs, counted on their input grids
            + Conv(64, 3, 7, 256);
        Assert.Equal(expected, profile.ForwardFlops);
        Assert.Equal(11_378_179, profile.ParameterCount);
        Assert.Null(profile.ReceptiveField);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_patchgan_receptive_field_from_the_walk_matches_the_discriminator_formula(int nLayers)
    {
        var net = NetworkFactory.DefineD(6, 8, "n_layers", nLayers, "batch", "normal", 0.02f, null);
        var profile = ShapeWalk.Profile(net, [1, 6, 256, 256]);
        Assert.Equal(NLayerDiscriminator.ReceptiveField(nLayers), profile.ReceptiveField);
    }

    [Fact]
    public void The_basic_discriminator_sees_70_pixels_and_gives_a_30_by_30_grid_at_256()
    {
        var net = NetworkFactory.DefineD(6, 64, "basic", 3, "batch", "normal", 0.02f, null);
        var profile = ShapeWalk.Profile(net, [1, 6, 256, 256]);
        Assert.Equal(70, profile.ReceptiveField);
        Assert.Equal([1, 1, 30, 30], profile.OutputShape);
        Assert.Equal(2_768_705, profile.ParameterCount);
    }

    [Fact]
    public void A_unet_input_that_is_not_a_multiple_of_its_size_is_refused_with_the_flag_to_change()
    {
        var net = NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, null, null);
        var ex = Assert.Throws<ArgumentException>(() => ShapeWalk.Profile(net, [1, 3, 100, 100]));
        Assert.Contains("--crop_size 128", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_mismatch_is_reported_with_the_layer_name()
    {
        var net = NetworkFactory.DefineD(6, 8, "basic", 3, "batch", "normal", 0.02f, null);
        var ex = Assert.Throws<InvalidOperationException>(() => ShapeWalk.Profile(net, [1, 3, 64, 64]));
        Assert.Contains("model.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("6 channels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_layer_is_refused_rather_than_guessed()
    {
        var net = new Sequential(new Conv2d(3, 4, 3), new Linear(4, 4));
        var ex = Assert.Throws<NotSupportedException>(() => ShapeWalk.Profile(net, [1, 3, 8, 8]));
        Assert.Contains("1 (Linear)", ex.Message, StringComparison.Ordinal);
    }
}

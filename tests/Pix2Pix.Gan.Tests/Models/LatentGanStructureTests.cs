using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Gan.Tests.Models;

/// <summary>The classic GANs are the write-ups' networks (GANS.md): parameter counts, names, shapes, defaults.</summary>
public class LatentGanStructureTests
{
    private static TrainOptions Options(string model, params (string Flag, object Value)[] given)
    {
        var o = new TrainOptions { Model = model, DataRoot = "unused" };
        o.ApplyModelDefaults(new HashSet<string>());
        foreach (var (flag, value) in given)
            o.Specs.Single(s => s.Flag == flag).Set(o, value);
        return o;
    }

    private static LatentGanModel Build(string model, params (string Flag, object Value)[] given) =>
        (LatentGanModel)ModelFactory.Create(Options(model, given), seed: 3);

    [Fact]
    public void Dcgan_mnist_has_the_write_ups_parameter_counts()
    {
        var m = Build("dcgan");
        Assert.Equal(1_866_561, m.NetG.ParameterCount());
        Assert.Equal(95_105, m.NetD!.ParameterCount());
        Assert.Equal(100, m.ZDim);
        Assert.Equal([64, 1, 28, 28], m.Generate(m.FixedNoise, null).ShapeArray());
    }

    [Fact]
    public void The_fully_connected_gan_is_z64_to_784_and_784_to_one_probability()
    {
        var m = Build("gan");
        Assert.Equal(64L * 256 + 256 + 256 * 784 + 784, m.NetG.ParameterCount());
        Assert.Equal(784L * 128 + 128 + 128 + 1, m.NetD!.ParameterCount());
        Assert.Equal(["gen.0.weight", "gen.0.bias", "gen.2.weight", "gen.2.bias"], m.NetG.StateDict().Names);
        var p = m.Discriminate(m.Generate(m.FixedNoise, null), null);
        Assert.Equal([64, 1], p.ShapeArray());
        Assert.All(p.Data, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Cgan_keeps_the_original_batch_norm_eps_of_0_8_and_takes_labels()
    {
        var m = Build("cgan");
        var norms = m.NetG.NamedModules().Select(x => x.Module).OfType<BatchNorm1d>().ToList();
        Assert.Equal([256, 512], norms.Select(b => b.NumFeatures));
        Assert.All(norms, b => Assert.Equal(0.8f, b.Eps));
        Assert.Equal(794, ((Linear)((Pix2Pix.Gan.Networks.LatentNet)m.NetD!).Body[0]).Weight.Dim(1));
        var fake = m.Generate(m.FixedNoise, m.FixedLabels);
        Assert.Equal([64, 1, 28, 28], fake.ShapeArray());
        Assert.Equal([0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], LatentGanModel.OneHot(Tensor.FromArray([2f], 1, 1)).Data);
        Assert.Throws<ArgumentException>(() => LatentGanModel.OneHot(Tensor.FromArray([10f], 1, 1)));
    }

    [Theory]
    [InlineData("gan", 64, 3e-4f, 0.9f, 32)]
    [InlineData("cgan", 100, 2e-4f, 0.9f, 64)]
    [InlineData("dcgan", 100, 1e-3f, 0.9f, 128)]
    public void Defaults_are_the_write_ups(string model, int zDim, float lr, float beta1, int batch)
    {
        var o = Options(model);
        Assert.Equal(zDim, LatentGanModel.ZDimFlag.Get(o));
        Assert.Equal(lr, o.Lr);
        Assert.Equal(beta1, o.Beta1);
        Assert.Equal(batch, o.BatchSize);
        Assert.Equal("mnist", o.DatasetMode);
        Assert.Equal(0, o.NEpochsDecay);
        o.Validate();
    }

    [Fact]
    public void Bad_z_dim_and_foreign_networks_are_refused_with_what_to_use()
    {
        Assert.Contains("1 to 4096", Assert.ThrowsAny<ArgumentException>(() => Options("gan", ("z_dim", 0)).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("gan_mnist, cgan_mnist, dcgan_mnist", Assert.Throws<ArgumentException>(() => Options("dcgan", ("netG", "unet_256")).Validate()).Message, StringComparison.Ordinal);
        var pix2pix = new TrainOptions { Model = "pix2pix", DataRoot = "x", NetG = "dcgan_mnist" };
        Assert.Contains("generates from noise", Assert.Throws<ArgumentException>(pix2pix.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_noise_is_drawn_from_the_seed_and_showing_it_changes_no_statistics()
    {
        var a = Build("dcgan");
        var b = Build("dcgan");
        Assert.Equal(a.FixedNoise.Data, b.FixedNoise.Data);
        var before = a.NetG.StateDict();
        var grid = a.CurrentVisuals().Single(v => v.Name == "fake").Image;
        Assert.Equal([1, 1, 242, 242], grid.ShapeArray());
        var after = a.NetG.StateDict();
        foreach (string name in before.Names)
            if (before.TryGetFloat(name, out var t))
            {
                Assert.True(after.TryGetFloat(name, out var u));
                Assert.Equal(t.Data, u.Data);
            }
        Assert.Equal(0L, ((BatchNorm2d)((Pix2Pix.Gan.Networks.LatentNet)a.NetG).Body[3]).NumBatchesTracked!.Data[0]);
    }

    [Fact]
    public void Dcgan_mnist32_makes_32_pixel_digits_that_its_d_reduces_to_one_probability()
    {
        var m = Build("dcgan", ("netG", "dcgan_mnist32"), ("netD", "dcgan_mnist32"), ("crop_size", 32));
        var fake = m.Generate(m.FixedNoise, null);
        Assert.Equal([64, 1, 32, 32], fake.ShapeArray());
        Assert.Equal([64, 1], m.Discriminate(fake, null).ShapeArray());
        Assert.IsType<ReLU>(((Pix2Pix.Gan.Networks.LatentNet)m.NetG).Body[4]);
    }

    [Fact]
    public void Dcgan_64_has_pytorch_examples_parameter_counts_and_no_conv_biases()
    {
        var m = Build("dcgan", ("netG", "dcgan_64"), ("netD", "dcgan_64"), ("input_nc", 3), ("output_nc", 3), ("crop_size", 64));
        Assert.Equal(3_576_704, m.NetG.ParameterCount());
        Assert.Equal(2_765_568, m.NetD!.ParameterCount());
        Assert.Equal("main.0.weight", m.NetG.StateDict().Names[0]);
        Assert.DoesNotContain("main.0.bias", m.NetG.StateDict().Names);
        var small = Build("dcgan", ("netG", "dcgan_64"), ("netD", "dcgan_64"), ("crop_size", 64), ("ngf", 8), ("ndf", 8));
        var fake = small.Generate(Tensor.Normal(new Rng(1), 0f, 1f, 2, 100), null);
        Assert.Equal([2, 1, 64, 64], fake.ShapeArray());
        Assert.Equal([2, 1, 1, 1], small.Discriminate(fake, null).ShapeArray());
    }

    [Fact]
    public void Dcgan_init_draws_conv_weights_with_std_0_02_and_batch_norm_weights_around_1()
    {
        var m = Build("dcgan", ("netG", "dcgan_64"), ("netD", "dcgan_64"), ("crop_size", 64));
        var d = m.NetD!.StateDict();
        Assert.True(d.TryGetFloat("main.2.weight", out var conv));
        double std = Math.Sqrt(conv.Data.Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.018, 0.022);
        Assert.True(d.TryGetFloat("main.3.weight", out var bn));
        Assert.InRange(bn.Data.Average(), 0.99, 1.01);
        Assert.True(d.TryGetFloat("main.3.bias", out var bias));
        Assert.All(bias.Data, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("dcgan", "dcgan_mnist32", "dcgan_mnist32", 28, "none", "use --crop_size 32 (MNIST digits are padded")]
    [InlineData("dcgan", "dcgan_mnist32", "dcgan_mnist", 32, "none", "use --netD dcgan_mnist32")]
    [InlineData("cgan", "gan_mnist", "gan_mnist", 28, "none", "use --netG cgan_mnist --netD cgan_mnist")]
    [InlineData("gan", "cgan_mnist", "cgan_mnist", 28, "none", "only --model cgan")]
    public void Mismatched_networks_and_sizes_are_refused_with_the_fix(string model, string netG, string netD, int crop, string preprocess, string fix)
    {
        var o = Options(model, ("netG", netG), ("netD", netD), ("crop_size", crop), ("load_size", crop), ("preprocess", preprocess));
        Assert.Contains(fix, Assert.Throws<ArgumentException>(o.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_folders_for_dcgan_64_must_be_resized_to_64()
    {
        var o = Options("dcgan", ("netG", "dcgan_64"), ("netD", "dcgan_64"), ("crop_size", 64), ("dataset_mode", "single"));
        Assert.Contains("--preprocess resize_and_crop --load_size 64 --crop_size 64", Assert.Throws<ArgumentException>(o.Validate).Message, StringComparison.Ordinal);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Inference;

/// <summary>
/// Generators saved by PyTorch (tools/make_pth_reference.py, with the reference's module structure) as the authors'
/// files come: the architecture is inferred exactly from the weights, and translating with the .pth gives the image
/// its safetensors twin gives with the flags written out.
/// </summary>
public class GeneratorInferenceTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pth", name);

    [Theory]
    [InlineData("unet_128_batch.pth", "--netG unet_128 --norm batch --ngf 2 --input_nc 3 --output_nc 3", false)]
    [InlineData("unet_128_batch_dataparallel.pth", "--netG unet_128 --norm batch --ngf 2 --input_nc 3 --output_nc 3", false)]
    [InlineData("unet_256_instance_legacy.pth", "--netG unet_256 --norm instance --ngf 2 --input_nc 1 --output_nc 3", false)]
    [InlineData("resnet_6blocks_batch_dropout.pth", "--netG resnet_6blocks --norm batch --ngf 4 --input_nc 3 --output_nc 3", true)]
    [InlineData("resnet_9blocks_old_instance_norm.pth", "--netG resnet_9blocks --norm instance --ngf 2 --input_nc 3 --output_nc 1 --no_dropout", true)]
    public void The_architecture_is_read_from_the_names_and_shapes_of_the_weights(string file, string flags, bool dropoutKnown)
    {
        var (arch, net) = GeneratorInference.Infer(PthFile.Read(Fixture(file)), file, new Rng(1));
        Assert.Equal(flags, arch.Flags);
        Assert.Equal(dropoutKnown, arch.DropoutKnown);
        Checkpoint.LoadInto(Fixture(file), net.StateDict());
    }

    [Fact]
    public void Weights_that_fit_no_choice_of_flags_exactly_are_refused_naming_the_flags()
    {
        StateDict weights = PthFile.Read(Fixture("unet_128_batch.pth"));
        var trimmed = new StateDict();
        foreach (string name in weights.Names.Where(n => !n.EndsWith("model.model.1.model.1.weight", StringComparison.Ordinal)))
        {
            if (weights.TryGetFloat(name, out Tensor f))
                trimmed.Add(name, f);
            else if (weights.TryGetInt64(name, out Int64Tensor i))
                trimmed.Add(name, i);
        }
        var ex = Assert.Throws<InvalidOperationException>(() => GeneratorInference.Infer(trimmed, "G.pth", new Rng(1)));
        Assert.Contains("look like --netG unet_128 --norm batch --ngf 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pass the architecture yourself with --netG --norm --ngf --input_nc --output_nc", ex.Message, StringComparison.Ordinal);

        var discriminator = NetworkFactory.DefineD(6, 4, "basic", 3, "batch", "normal", 0.02f, new Rng(1)).StateDict();
        ex = Assert.Throws<InvalidOperationException>(() => GeneratorInference.Infer(discriminator, "D.pth", new Rng(1)));
        Assert.Contains("Cannot tell the generator architecture of 'D.pth'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unet_128_batch.pth", 128, "unet_128", "batch", 2, 3, 3, false)]
    [InlineData("resnet_9blocks_old_instance_norm.pth", 64, "resnet_9blocks", "instance", 2, 3, 1, true)]
    public void Translating_with_a_pth_gives_the_image_of_its_safetensors_twin(string file, int size, string netG, string norm, int ngf, int inputNc, int outputNc, bool noDropout)
    {
        using var temp = new TempDirectory();
        // the authors' download layout: <name>_pretrained/latest_net_G.pth and nothing else
        string folder = Path.Combine(temp.Path, "model_pretrained");
        Directory.CreateDirectory(folder);
        File.Copy(Fixture(file), Path.Combine(folder, "latest_net_G.pth"));
        var none = new HashSet<string>();
        var fromFolder = Translator.Load(folder, "latest", Defaults(), none, eval: true);
        Assert.Equal(netG, fromFolder.Inferred!.NetG);

        var flags = Defaults();
        (flags.NetG, flags.Norm, flags.Ngf, flags.InputNc, flags.OutputNc, flags.NoDropout) = (netG, norm, ngf, inputNc, outputNc, noDropout);
        string twin = Fixture(file.Replace(".pth", ".expected.safetensors", StringComparison.Ordinal));
        var fromTwin = Translator.Load(twin, "latest", flags, new HashSet<string> { "netG", "norm", "ngf", "input_nc", "output_nc", "no_dropout" }, eval: true);
        Assert.Null(fromTwin.Inferred);

        Image input = Noise(size, 7);
        Assert.Equal(fromTwin.Translate(input, "in.png").Pixels, fromFolder.Translate(input, "in.png").Pixels);
        Assert.Equal(fromTwin.Translate(input, "in.png").Pixels, Translator.Load(Fixture(file), "latest", Defaults(), none, eval: true).Translate(input, "in.png").Pixels);
    }

    [Fact]
    public void A_folder_without_options_or_weights_says_what_it_needs()
    {
        using var temp = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => Translator.Load(temp.Path, "latest", Defaults(), new HashSet<string>(), eval: true));
        Assert.Contains("without options.json and without latest_net_G.pth or latest_net_G.safetensors", ex.Message, StringComparison.Ordinal);
    }

    private static TrainOptions Defaults()
    {
        var flags = new TrainOptions { Model = "pix2pix" };
        flags.ApplyModelDefaults(new HashSet<string>());
        return flags;
    }

    private static Image Noise(int size, int seed)
    {
        var rng = new Rng((ulong)seed);
        var image = new Image(size, size, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.NextInt(256);
        return image;
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pix2pix-infer-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Tests.Training;
using Pix2Pix.Gan.Training;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Library;

/// <summary>
/// The library's entry point (docs/library.md): <see cref="Generator"/> loads what the CLI loads and translates as
/// <c>translate</c> does, from a run folder, a .safetensors file and a .pth file.
/// </summary>
[Collection("Training runs")]
public sealed class GeneratorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"p2p-lib-{Guid.NewGuid():N}");

    public GeneratorTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Image Noise(int width, int height, int seed, int channels = 3)
    {
        var rng = new Rng((ulong)seed);
        var image = new Image(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.NextInt(256);
        return image;
    }

    /// <summary>A small unet_128 (ngf 4, batch norm) with random weights and random running statistics, saved as <paramref name="file"/>.</summary>
    private static Engine.Modules.Module SaveGenerator(string file, string norm = "batch")
    {
        var g = NetworkFactory.DefineG(3, 3, 4, "unet_128", norm, true, "normal", 0.02f, new Rng(11), new Rng(12));
        var rng = new Rng(13);
        var state = g.StateDict();
        foreach (string name in state.Names)
        {
            if (state.TryGetFloat(name, out var tensor) && (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("running_var", StringComparison.Ordinal)))
            {
                for (int i = 0; i < tensor.Data.Length; i++)
                    tensor.Data[i] = name.EndsWith("var", StringComparison.Ordinal) ? 0.5f + rng.NextFloat() : rng.NextFloat() - 0.5f;
            }
        }
        if (file.EndsWith(".pth", StringComparison.Ordinal))
            PthFile.Write(file, g.StateDict());
        else
            Checkpoint.Save(file, g.StateDict());
        return g;
    }

    [Fact]
    public void A_safetensors_file_loads_with_its_architecture_inferred_and_translates_as_the_cli_translator_does()
    {
        string file = Path.Combine(_dir, "G.safetensors");
        SaveGenerator(file);
        var generator = Generator.Load(file, new GeneratorLoadOptions { Eval = true });
        Assert.Equal(("unet_128", "batch", 4, 3, 3), (generator.NetG, generator.Norm, generator.Ngf, generator.InputChannels, generator.OutputChannels));
        Assert.True(generator.ArchitectureInferred);
        Assert.True(generator.Eval);
        Assert.Null(generator.Direction);
        Assert.Equal("multiples of 128", generator.SizeRequirement);
        Assert.True(generator.Accepts(256, 128));
        Assert.False(generator.Accepts(200, 128));

        var image = Noise(128, 128, 1);
        var translator = Translator.Load(file, "latest", new TestOptions(), new HashSet<string>(), eval: true);
        var expected = translator.Translate(image, "noise.png");
        var actual = generator.Translate(image);
        Assert.Equal((128, 128, 3), (actual.Width, actual.Height, actual.Channels));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }

    [Fact]
    public void A_pth_file_loads_with_the_architecture_given_and_its_tensor_output_equals_the_network_it_was_saved_from()
    {
        string file = Path.Combine(_dir, "latest_net_G.pth");
        var network = SaveGenerator(file);
        network.Eval();
        var generator = Generator.Load(file, new GeneratorLoadOptions { Eval = true, NetG = "unet_128", Norm = "batch", Ngf = 4 });
        Assert.False(generator.ArchitectureInferred);
        Assert.Contains("--netG unet_128 --norm batch --ngf 4", generator.ArchitectureFlags, StringComparison.Ordinal);

        var rng = new Rng(5);
        var input = new Tensor(new float[2 * 3 * 128 * 256], 2, 3, 128, 256);
        for (int i = 0; i < input.Data.Length; i++)
            input.Data[i] = rng.NextFloat() * 2 - 1;
        var output = generator.Translate(input);
        Assert.Equal([2, 3, 128, 256], output.Shape.ToArray());
        Tensor expected;
        using (Autograd.NoGrad())
            expected = network.Forward(input);
        // In eval mode the loaded generator runs with its batch norms folded into its convolutions: equal to float rounding.
        Assert.All(expected.Data.Zip(output.Data), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-6f, $"{p.First} vs {p.Second}"));
        Assert.All(output.Data, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void A_wrong_architecture_for_a_bare_file_fails_naming_the_file_and_the_flags()
    {
        string file = Path.Combine(_dir, "G.safetensors");
        SaveGenerator(file);
        var ex = Assert.Throws<CheckpointException>(() => Generator.Load(file, new GeneratorLoadOptions { NetG = "unet_256", Ngf = 4, Norm = "batch" }));
        Assert.Contains("G.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--netG unet_256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_folder_loads_with_its_options_and_translates_files()
    {
        using var run = new TinyRun(train: 2, test: 1);
        var options = run.Options("lib", epochs: 1);
        using (var trainer = new Trainer(options, TextWriter.Null))
            trainer.Train();
        string folder = Path.Combine(options.CheckpointsDir, options.Name);

        var generator = Generator.Load(folder, new GeneratorLoadOptions { Eval = true });
        Assert.Equal(("unet_128", 8, "BtoA"), (generator.NetG, generator.Ngf, generator.Direction));
        Assert.False(generator.ArchitectureInferred);
        var byEpoch = Generator.Load(folder, new GeneratorLoadOptions { Eval = true, Epoch = "1" });

        // a photo of another size: padded to 256x256 and cropped back, as translate --fit pad does
        string input = Path.Combine(_dir, "photo.png"), output = Path.Combine(_dir, "out.jpg");
        ImageCodecs.Save(Noise(150, 100, 2), input);
        generator.TranslateFile(input, output);
        var written = ImageCodecs.Load(output);
        Assert.Equal((150, 100), (written.Width, written.Height));
        Assert.Equal(ImageFormat.Jpeg, ImageCodecs.DetectFormat(File.ReadAllBytes(output)));
        Assert.Equal(generator.Translate(Noise(150, 100, 2)).Pixels, byEpoch.Translate(Noise(150, 100, 2)).Pixels);   // epoch 1 is the latest

        var ex = Assert.Throws<ArgumentException>(() => generator.TranslateFile(input, input));
        Assert.Contains("is the input image", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => Generator.Load(folder, new GeneratorLoadOptions { Epoch = "7" }));
    }

    [Fact]
    public void Batch_translation_gives_each_image_its_own_result_in_input_order_across_sizes()
    {
        string file = Path.Combine(_dir, "G.safetensors");
        SaveGenerator(file);
        var generator = Generator.Load(file, new GeneratorLoadOptions { Eval = true });
        var images = new[] { Noise(128, 128, 1), Noise(128, 128, 2), Noise(100, 60, 3), Noise(128, 128, 4), Noise(128, 128, 5, channels: 1) };
        var together = generator.Translate(images, FitMode.Pad, batchSize: 2);
        Assert.Equal(images.Length, together.Count);
        for (int i = 0; i < images.Length; i++)
        {
            var alone = generator.Translate(images[i], FitMode.Pad);
            Assert.Equal((images[i].Width, images[i].Height), (together[i].Width, together[i].Height));
            int differing = alone.Pixels.Zip(together[i].Pixels).Count(p => Math.Abs(p.First - p.Second) > 1);
            Assert.True(differing == 0, $"image {i}: {differing} pixels differ by more than one level");
        }
    }

    [Fact]
    public void Test_mode_refuses_batches_that_would_mix_images_and_exact_fit_refuses_odd_sizes()
    {
        string file = Path.Combine(_dir, "G.safetensors");
        SaveGenerator(file);
        var testMode = Generator.Load(file);
        Assert.False(testMode.Eval);
        var ex = Assert.Throws<ArgumentException>(() => testMode.Translate([Noise(128, 128, 1), Noise(128, 128, 2)], batchSize: 2));
        Assert.Contains("Eval = true", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => testMode.Translate(Noise(100, 60, 3), FitMode.Exact));
        Assert.Throws<ArgumentException>(() => testMode.Translate(new Tensor(new float[3 * 100 * 100], 1, 3, 100, 100)));
        Assert.Throws<ArgumentException>(() => testMode.Translate(new Tensor(new float[128 * 128], 1, 1, 128, 128)));
    }

    [Theory]
    [InlineData("Norm", "layer")]
    [InlineData("Direction", "sideways")]
    [InlineData("Ngf", "0")]
    [InlineData("InputNc", "2")]
    [InlineData("Epoch", " ")]
    public void Bad_load_options_are_refused_naming_the_setting(string setting, string value)
    {
        var options = setting switch
        {
            "Norm" => new GeneratorLoadOptions { Norm = value },
            "Direction" => new GeneratorLoadOptions { Direction = value },
            "Ngf" => new GeneratorLoadOptions { Ngf = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "InputNc" => new GeneratorLoadOptions { InputNc = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new GeneratorLoadOptions { Epoch = value },
        };
        var ex = Assert.ThrowsAny<ArgumentException>(() => Generator.Load(Path.Combine(_dir, "none.safetensors"), options));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Evaluation;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;
using Pix2Pix.Gan.Visuals;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Tests.Models;

[Collection("Training runs")]
public sealed class ColorizationModelTests : IDisposable
{
    private const int Side = 32;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2p-colorization-{Guid.NewGuid():N}");

    /// <summary>Smooth colour gradients with a rectangle: every pixel a different colour.</summary>
    private static Image Picture(int seed)
    {
        var image = new Image(Side, Side, 3);
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                bool inside = x > 8 + seed && x < 20 + seed && y > 5 && y < 22;
                int p = (y * Side + x) * 3;
                image.Pixels[p] = (byte)(inside ? 240 - 3 * y : 8 * x);
                image.Pixels[p + 1] = (byte)(inside ? 40 : 7 * y + 10 * seed);
                image.Pixels[p + 2] = (byte)((x * y + 50 * seed) % 256);
            }
        }
        return image;
    }

    [Fact]
    public void Lab_visuals_turn_back_into_the_original_rgb_image()
    {
        var image = Picture(1);
        float[] lab = Pix2Pix.Imaging.Color.ColorSpace.RgbToLab(image);
        var (l, ab) = ColorizationDataset.SplitLab(lab, Side * Side);
        var rgb = ColorizationModel.LabToRgb(new Tensor(l, 1, 1, Side, Side), new Tensor(ab, 1, 2, Side, Side));
        Assert.Equal([1, 3, Side, Side], rgb.Shape.ToArray());
        var back = TensorImage.ToImage(rgb);
        int worst = 0;
        for (int i = 0; i < image.Pixels.Length; i++)
            worst = Math.Max(worst, Math.Abs(image.Pixels[i] - back.Pixels[i]));
        Assert.InRange(worst, 0, 1);   // tensor2im truncates 255·rgb, as the reference's astype(uint8)
    }

    [Fact]
    public void Colorization_needs_one_input_and_two_output_channels()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ColorizationModel(new TestOptions { InputNc = 3, OutputNc = 3 }, 0));
        Assert.Contains("--input_nc 1 --output_nc 2", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Killed : Exception;

    private TrainOptions Options(string name)
    {
        for (int i = 0; i < 3; i++)
        {
            foreach (string phase in new[] { "train", "test" })
            {
                Directory.CreateDirectory(Path.Combine(_root, "data", phase));
                ImageCodecs.SavePng(Picture(i), Path.Combine(_root, "data", phase, $"{i}.png"));
            }
        }
        var opt = new TrainOptions
        {
            DataRoot = Path.Combine(_root, "data"), CheckpointsDir = Path.Combine(_root, "checkpoints"), Name = name,
            Model = "colorization",
        };
        opt.ApplyModelDefaults(new HashSet<string>());
        opt.NetG = "resnet_6blocks";
        opt.Ngf = 8;
        opt.Ndf = 8;
        opt.LoadSize = opt.CropSize = Side;
        opt.Preprocess = "none";
        opt.NEpochs = 2;
        opt.NEpochsDecay = 0;
        opt.DisplayFreq = 1;
        opt.NumThreads = 2;
        return opt;
    }

    [Fact]
    public void Colorization_training_with_dropout_resumes_exactly()
    {
        var full = Options("full");
        using (var t = new Trainer(full, TextWriter.Null))
            t.Train();
        var broken = Options("resumed");
        broken.SaveLatestFreq = 2;
        int steps = 0;
        using (var t = new Trainer(broken, TextWriter.Null))
        {
            t.StepCompleted = (_, _, _) =>
            {
                if (++steps == 4)
                    throw new Killed();
            };
            Assert.Throws<Killed>(() => t.Train());
        }
        var resumed = Options("resumed");
        resumed.ContinueTrain = true;
        using (var t = new Trainer(resumed, TextWriter.Null))
            t.Train();
        foreach (string net in new[] { "G", "D" })
        {
            var e = Pix2Pix.Engine.Checkpoints.SafeTensors.Read(new RunFolder(full.RunDirectory).NetworkFile("latest", net)).Tensors;
            var a = Pix2Pix.Engine.Checkpoints.SafeTensors.Read(new RunFolder(resumed.RunDirectory).NetworkFile("latest", net)).Tensors;
            foreach (string n in e.Names)
            {
                if (e.TryGetFloat(n, out var et))
                {
                    a.TryGetFloat(n, out var at);
                    Assert.True(et.Data.AsSpan().SequenceEqual(at.Data), $"{net}.{n} differs after resuming");
                }
            }
        }
    }

    [Fact]
    public void A_small_colorization_run_trains_tests_and_saves_rgb_visuals()
    {
        var opt = Options("color");
        using (var t = new Trainer(opt, TextWriter.Null))
        {
            Assert.IsType<ColorizationModel>(t.Model);
            t.Train();
            Assert.All(t.Model.CurrentLosses(), kv => Assert.True(float.IsFinite(kv.Value), $"{kv.Key} = {kv.Value}"));
        }
        string webImages = Path.Combine(opt.RunDirectory, "web", "images");
        Assert.Equal(3, ImageCodecs.Load(Path.Combine(webImages, "epoch002_fake_B_rgb.png")).Channels);
        Assert.Equal(1, ImageCodecs.Load(Path.Combine(webImages, "epoch002_real_A.png")).Channels);

        var test = TestOptions.FromTraining(opt);
        var model = ModelFactory.Create(test, 0);
        new RunFolder(opt.RunDirectory).LoadNetwork(model.Network("G"), "latest", "G");
        string page = Path.Combine(_root, "results");
        var metrics = Tester.Run(model, test, "test", int.MaxValue, eval: true, page, "colorization");
        Assert.True(metrics.Images > 0, "colorization is scored on RGB (fake_B_rgb against real_B_rgb)");
        Assert.InRange(metrics.Psnr, 1, 100);
        Assert.True(File.Exists(Path.Combine(page, "metrics.json")));
        var realB = ImageCodecs.Load(Path.Combine(page, "images", "1_real_B_rgb.png"));
        var fakeB = ImageCodecs.Load(Path.Combine(page, "images", "1_fake_B_rgb.png"));
        Assert.Equal(3, fakeB.Channels);
        Assert.Equal(Picture(1).Pixels, realB.Pixels, (a, b) => Math.Abs(a - b) <= 1);
        string html = File.ReadAllText(Path.Combine(page, "index.html"));
        Assert.Contains("1_fake_B_rgb.png", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("class=\"metrics\"", StringComparison.Ordinal) is int table and > 0 && table < html.IndexOf("<img", StringComparison.Ordinal),
            "the metrics table comes first, above the images");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

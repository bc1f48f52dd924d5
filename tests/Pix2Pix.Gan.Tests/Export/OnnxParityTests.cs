using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>
/// Every network kind exported with random weights (dropout layers included, which eval mode leaves out), run in ONNX
/// Runtime and compared with our eval forward.
/// </summary>
public class OnnxParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<string, string> Generators()
    {
        var data = new TheoryData<string, string>();
        foreach (string netG in new[] { "unet_128", "unet_256", "unet_5downs", "unet_6downs", "resnet_6blocks", "resnet_9blocks" })
            foreach (string norm in new[] { "batch", "instance", "none" })
                data.Add(netG, norm);
        return data;
    }

    public static TheoryData<string, string> Discriminators()
    {
        var data = new TheoryData<string, string>();
        foreach (string netD in new[] { "basic", "n_layers_2", "n_layers_4", "pixel" })
            foreach (string norm in new[] { "batch", "instance", "none" })
                data.Add(netD, norm);
        return data;
    }

    /// <summary>Two image sizes per kind (one not square), each a multiple of the network's side rule.</summary>
    private static (int H, int W)[] Sizes(string netG) => netG switch
    {
        "unet_256" => [(256, 256), (256, 512)],
        "unet_128" => [(128, 128), (256, 128)],
        "unet_5downs" => [(32, 32), (64, 96)],
        "unet_6downs" => [(64, 64), (128, 64)],
        _ => [(32, 32), (40, 56)],
    };

    private static Module Generator(string netG, string norm) => netG switch
    {
        "unet_5downs" => new UnetGenerator(3, 2, 5, 4, norm, useDropout: true),
        "unet_6downs" => new UnetGenerator(1, 3, 6, 4, norm, useDropout: true),
        _ => NetworkFactory.DefineG(3, 3, 4, netG, norm, useDropout: true, "normal", 0.02f, null, null),
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generator_export_matches_our_eval_forward_in_onnx_runtime(string netG, string norm)
    {
        var g = OnnxTestNetworks.Randomize(Generator(netG, norm), seed: 7);
        int inputNc = ((Conv2d)g.NamedModules().First(m => m.Module is Conv2d).Module).InChannels;
        int outputNc = netG == "unet_5downs" ? 2 : 3;
        byte[] model = OnnxExporter.ToBytes(g, OnnxTestNetworks.GeneratorOptions(inputNc, outputNc));
        using var ort = new OnnxRuntimeRunner(model);
        double worst = 0;
        foreach (var (h, w) in Sizes(netG))
        {
            int[] shape = [2, inputNc, h, w];
            float[] input = OnnxTestNetworks.RandomInput((ulong)(h * 31 + w), 2 * inputNc * h * w);
            var ours = OnnxTestNetworks.EvalForward(g, input, shape);
            var theirs = ort.Run(input, shape);
            Assert.Equal(ours.Shape, theirs.Shape);
            Assert.Equal([2, outputNc, h, w], theirs.Shape);
            TensorAssert.Close(ours.Data, theirs.Data, Tolerance, 0f, $"{netG}/{norm} at {h}x{w}");
            worst = Math.Max(worst, TensorAssert.Stats(ours.Data, theirs.Data, Tolerance).MaxDiff);
            Assert.True(ours.Data.Max(MathF.Abs) > 0.05f, $"{netG}/{norm}: the output is nearly all zero, so the comparison says little");
        }
        output.WriteLine($"{netG}/{norm}: max abs difference {worst:G3} over {string.Join(", ", Sizes(netG).Select(s => $"{s.H}x{s.W}"))}, batch 2");
    }

    [Theory]
    [MemberData(nameof(Discriminators))]
    public void Discriminator_export_matches_our_eval_forward_in_onnx_runtime(string netD, string norm)
    {
        int nLayers = netD.StartsWith("n_layers_", StringComparison.Ordinal) ? int.Parse(netD["n_layers_".Length..]) : 3;
        string name = netD.StartsWith("n_layers_", StringComparison.Ordinal) ? "n_layers" : netD;
        var d = OnnxTestNetworks.Randomize(NetworkFactory.DefineD(6, 4, name, nLayers, norm, "normal", 0.02f, null), seed: 11);
        byte[] model = OnnxExporter.ToBytes(d, OnnxNetworks.ForDiscriminator(name, norm, 4, nLayers, 6, "AtoB"));
        using var ort = new OnnxRuntimeRunner(model);
        double worst = 0;
        foreach (var (h, w) in new[] { (64, 64), (72, 96) })
        {
            int[] shape = [2, 6, h, w];
            float[] input = OnnxTestNetworks.RandomInput((ulong)(h + w), 2 * 6 * h * w);
            var ours = OnnxTestNetworks.EvalForward(d, input, shape);
            var theirs = ort.Run(input, shape);
            Assert.Equal(ours.Shape, theirs.Shape);
            TensorAssert.Close(ours.Data, theirs.Data, Tolerance, 0f, $"{netD}/{norm} at {h}x{w}");
            worst = Math.Max(worst, TensorAssert.Stats(ours.Data, theirs.Data, Tolerance).MaxDiff);
        }
        output.WriteLine($"{netD}/{norm}: max abs difference {worst:G3} (64x64, 72x96, batch 2)");
    }
}

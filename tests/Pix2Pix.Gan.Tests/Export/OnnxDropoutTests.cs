using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>--dropout: pix2pix's test-time noise survives the export as ONNX Dropout with training_mode = true.</summary>
public class OnnxDropoutTests
{
    [Fact]
    public void A_dropout_export_runs_stays_in_range_and_differs_between_runs()
    {
        var g = OnnxTestNetworks.Randomize(NetworkFactory.DefineG(3, 3, 4, "unet_256", "batch", useDropout: true, "normal", 0.02f, null, null), seed: 3);
        byte[] model = OnnxExporter.ToBytes(g, OnnxTestNetworks.GeneratorOptions(3, 3, dropout: true));
        using var ort = new OnnxRuntimeRunner(model, keepDropout: true);
        int[] shape = [2, 3, 256, 256];
        float[] input = OnnxTestNetworks.RandomInput(5, 2 * 3 * 256 * 256);
        var first = ort.Run(input, shape);
        var second = ort.Run(input, shape);
        Assert.Equal([2, 3, 256, 256], first.Shape);
        Assert.All(first.Data, v => Assert.InRange(v, -1f, 1f));
        Assert.All(second.Data, v => Assert.InRange(v, -1f, 1f));
        int differing = first.Data.Zip(second.Data).Count(p => p.First != p.Second);
        Assert.True(differing > first.Data.Length / 10, $"only {differing} of {first.Data.Length} values differ between two runs with dropout");
        var eval = OnnxTestNetworks.EvalForward(g, input, shape);
        Assert.NotEqual(eval.Data, first.Data);
    }

    [Fact]
    public void Without_dropout_the_export_has_no_dropout_node_and_is_deterministic()
    {
        var g = OnnxTestNetworks.Randomize(NetworkFactory.DefineG(3, 3, 2, "unet_128", "batch", useDropout: true, "normal", 0.02f, null, null), seed: 3);
        byte[] eval = OnnxExporter.ToBytes(g, OnnxTestNetworks.GeneratorOptions(3, 3));
        byte[] noisy = OnnxExporter.ToBytes(g, OnnxTestNetworks.GeneratorOptions(3, 3, dropout: true));
        Assert.DoesNotContain("Dropout", System.Text.Encoding.ASCII.GetString(eval), StringComparison.Ordinal);
        Assert.Contains("Dropout", System.Text.Encoding.ASCII.GetString(noisy), StringComparison.Ordinal);
        using var ort = new OnnxRuntimeRunner(eval);
        float[] input = OnnxTestNetworks.RandomInput(9, 3 * 128 * 128);
        Assert.Equal(ort.Run(input, 1, 3, 128, 128).Data, ort.Run(input, 1, 3, 128, 128).Data);
    }
}

using System.Runtime.CompilerServices;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>The file around the graph: names, dynamic dimensions, metadata, refusals, and byte-stable output.</summary>
public class OnnxModelFormatTests
{
    /// <summary>Set to 1 to rewrite the committed fixture (then run tools/check_onnx_export.py on it and commit both).</summary>
    public const string RenewVariable = "PIX2PIX_RENEW_ONNX_FIXTURE";

    private static string FixturePath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", "onnx", "unet_128_ngf2.onnx"));

    /// <summary>The fixture's network: unet_128, batch norm, ngf 2, random weights and running statistics from seed 12.</summary>
    internal static OnnxExportable FixtureExport()
    {
        var g = OnnxTestNetworks.Randomize(NetworkFactory.DefineG(3, 3, 2, "unet_128", "batch", useDropout: true, "normal", 0.02f, null, null), seed: 12);
        var arch = new GeneratorArchitecture("unet_128", "batch", 2, 3, 3, UseDropout: true, DropoutKnown: true);
        return OnnxNetworks.Generator(new LoadedGenerator(g, arch, NetworkRegistry.Generator("unet_128").SizeRule, "AtoB", Inferred: false), keepDropout: false);
    }

    [Fact]
    public void The_exporter_still_writes_the_committed_fixture_byte_for_byte()
    {
        var export = FixtureExport();
        byte[] bytes = OnnxExporter.ToBytes(export.Network, export.Options);
        string path = FixturePath();
        if (Environment.GetEnvironmentVariable(RenewVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {RenewVariable}=1 to write it.");
        byte[] committed = File.ReadAllBytes(path);
        int first = Enumerable.Range(0, Math.Min(bytes.Length, committed.Length)).FirstOrDefault(i => bytes[i] != committed[i], -1);
        Assert.True(bytes.AsSpan().SequenceEqual(committed),
            $"The export differs from {path} ({bytes.Length} bytes now, {committed.Length} committed; first difference at byte {first}). "
            + $"If the change is intended, rerun with {RenewVariable}=1, check the file with tools/check_onnx_export.py and commit it.");
        Assert.InRange(committed.Length, 1, 300 * 1024);
    }

    [Fact]
    public void The_model_has_dynamic_batch_height_and_width_and_the_metadata()
    {
        var export = FixtureExport();
        using var ort = new OnnxRuntimeRunner(OnnxExporter.ToBytes(export.Network, export.Options));
        var input = ort.Session.InputMetadata["input"];
        var output = ort.Session.OutputMetadata["output"];
        Assert.Equal([-1, 3, -1, -1], input.Dimensions);
        Assert.Equal(["batch", "", "height", "width"], input.SymbolicDimensions);
        Assert.Equal(["batch", "", "height", "width"], output.SymbolicDimensions);
        Assert.Equal(typeof(float), input.ElementType);
        var meta = ort.Metadata;
        Assert.Equal("unet_128", meta["netG"]);
        Assert.Equal("batch", meta["norm"]);
        Assert.Equal("3", meta["input_nc"]);
        Assert.Equal("3", meta["output_nc"]);
        Assert.Equal("AtoB", meta["direction"]);
        Assert.Equal("[-1, 1]", meta["value_range"]);
        Assert.Equal("128", meta["size_multiple"]);
        Assert.Equal("128", meta["size_minimum"]);
        Assert.Equal("pix2pix-dotnet", ort.Session.ModelMetadata.ProducerName);
        Assert.Equal($"pix2pix-dotnet {OnnxExporter.ProducerVersion}", meta["producer"]);
    }

    [Fact]
    public void A_module_kind_without_an_emitter_is_refused_by_name()
    {
        var net = new Sequential(new Conv2d(3, 4, 3), new Linear(4, 2));
        var ex = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(net, OnnxTestNetworks.GeneratorOptions(3, 2)));
        Assert.Contains("Linear", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OnnxEmitters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_norm_without_running_statistics_is_refused()
    {
        var net = new Sequential(new BatchNorm2d(3, trackRunningStats: false));
        var ex = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(net, OnnxTestNetworks.GeneratorOptions(3, 3)));
        Assert.Contains("running statistics", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_twice_gives_the_same_bytes()
    {
        var a = FixtureExport();
        Assert.Equal(OnnxExporter.ToBytes(a.Network, a.Options), OnnxExporter.ToBytes(a.Network, a.Options));
    }
}

using System.Globalization;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Export.Onnx;

/// <summary>
/// What an ONNX file says about the network besides its graph: channels of the input and output, whether the output
/// has the input's height and width (generators) or its own (a discriminator's patch grid), whether dropout stays on,
/// and the metadata_props to record.
/// </summary>
internal sealed record OnnxExportOptions
{
    public required int InputChannels { get; init; }

    public required int OutputChannels { get; init; }

    /// <summary>True for generators: the output's height and width are the input's (one dim_param for both).</summary>
    public bool OutputKeepsSize { get; init; } = true;

    /// <summary>Keep Dropout as ONNX Dropout with training_mode = true: the output is then random, as pix2pix's test.py.</summary>
    public bool KeepDropout { get; init; }

    public string GraphName { get; init; } = "pix2pix";

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}

/// <summary>
/// Writes a network as an ONNX model (opset 17): graph input <c>input</c> (N, C, H, W) float32 in [−1, 1], output
/// <c>output</c>, batch, height and width dynamic. The module tree is walked by <see cref="OnnxEmitters"/>; the
/// protobuf is written by hand (<c>OnnxProto.cs</c>, schema <c>onnx_subset.proto</c>). The same network always gives
/// the same bytes.
/// </summary>
internal static class OnnxExporter
{
    public const int Opset = 17;

    /// <summary>The IR version that goes with opset 17 (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    public const string ProducerName = "pix2pix-dotnet";

    public const string InputName = "input";

    public const string OutputName = "output";

    /// <summary>Our version, major.minor.build (no commit hash, so exports stay byte-identical between builds).</summary>
    public static string ProducerVersion { get; } = (typeof(OnnxExporter).Assembly.GetName().Version ?? new Version(0, 0, 0)).ToString(3);

    /// <summary>The ONNX model's bytes.</summary>
    public static byte[] ToBytes(Module network, OnnxExportOptions options)
    {
        using var stream = new MemoryStream();
        Build(network, options).WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public static void Save(Module network, OnnxExportOptions options, string path)
    {
        var model = Build(network, options);
        AtomicFile.Write(path, model.WriteTo);
    }

    private static ModelProto Build(Module network, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        var graph = new OnnxGraphBuilder(options.KeepDropout);
        string last = graph.Emit(network, InputName, "");
        graph.NameOutput(last, OutputName);
        OnnxDim batch = OnnxDim.Dynamic("batch"), height = OnnxDim.Dynamic("height"), width = OnnxDim.Dynamic("width");
        var output = options.OutputKeepsSize
            ? new[] { batch, OnnxDim.Fixed(options.OutputChannels), height, width }
            : [batch, OnnxDim.Fixed(options.OutputChannels), OnnxDim.Dynamic("out_height"), OnnxDim.Dynamic("out_width")];
        return new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Opset = Opset,
            DocString = options.KeepDropout
                ? "Test-time dropout is on (pix2pix's noise): every run gives a different output."
                : "Evaluation mode: BatchNorm uses its running statistics, no dropout.",
            Graph = new GraphProto
            {
                Name = options.GraphName,
                Nodes = graph.Nodes,
                Initializers = graph.Initializers,
                Inputs = [new ValueInfoProto(InputName, [batch, OnnxDim.Fixed(options.InputChannels), height, width])],
                Outputs = [new ValueInfoProto(OutputName, output)],
            },
            Metadata = [.. options.Metadata, Entry("producer", ProducerName + " " + ProducerVersion)],
        };
    }

    internal static KeyValuePair<string, string> Entry(string key, object value) => new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
}

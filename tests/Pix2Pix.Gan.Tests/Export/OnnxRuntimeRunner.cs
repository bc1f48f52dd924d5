using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pix2Pix.Gan.Tests.Export;

/// <summary>Runs an exported model in ONNX Runtime (the test-only reference implementation of ONNX).</summary>
internal sealed class OnnxRuntimeRunner : IDisposable
{
    private readonly InferenceSession _session;

    /// <param name="keepDropout">
    /// Keep Dropout nodes: ONNX Runtime's graph optimizer removes them (its EliminateDropout rule ignores
    /// training_mode), so a --dropout export must be run with that rule disabled.
    /// </param>
    public OnnxRuntimeRunner(byte[] model, int threads = 1, bool keepDropout = false)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        if (keepDropout)
            options.AddSessionConfigEntry("optimization.disable_specified_optimizers", "EliminateDropout");
        _session = new InferenceSession(model, options);
    }

    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    public InferenceSession Session => _session;

    public (float[] Data, int[] Shape) Run(float[] input, params int[] shape)
    {
        var tensor = new DenseTensor<float>(input, shape);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        var output = results.Single(r => r.Name == "output").AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    public void Dispose() => _session.Dispose();
}

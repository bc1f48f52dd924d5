using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Networks;

namespace Pix2Pix.Gan.Export.Onnx;

/// <summary>Emits one module's nodes on <paramref name="input"/> and returns its output value.</summary>
internal delegate string OnnxEmitter(OnnxGraphBuilder graph, Module module, string input, string path);

/// <summary>
/// The one place where each module kind becomes ONNX (opset 17) nodes, in evaluation mode: BatchNorm with its running
/// statistics, no dropout unless kept. A kind missing from <see cref="Table"/> is refused by name, so a new layer
/// cannot be exported wrong by accident.
/// </summary>
internal static class OnnxEmitters
{
    public static IReadOnlyDictionary<Type, OnnxEmitter> Table { get; } = new Dictionary<Type, OnnxEmitter>
    {
        // containers
        [typeof(Sequential)] = Sequence,
        [typeof(UnetGenerator)] = (g, m, x, p) => g.EmitChild(m, "model", x, p),
        [typeof(ResnetGenerator)] = (g, m, x, p) => g.EmitChild(m, "model", x, p),
        [typeof(NLayerDiscriminator)] = (g, m, x, p) => g.EmitChild(m, "model", x, p),
        [typeof(PixelDiscriminator)] = (g, m, x, p) => g.EmitChild(m, "net", x, p),
        [typeof(UnetSkipConnectionBlock)] = UnetSkip,
        [typeof(ResnetBlock)] = (g, m, x, p) => g.Node("Add", p, [x, g.EmitChild(m, "conv_block", x, p)]),
        // layers
        [typeof(Conv2d)] = Conv,
        [typeof(ConvTranspose2d)] = ConvTranspose,
        [typeof(BatchNorm2d)] = BatchNorm,
        [typeof(InstanceNorm2d)] = InstanceNorm,
        [typeof(ReflectionPad2d)] = ReflectionPad,
        [typeof(Dropout)] = DropoutLayer,
        [typeof(ReLU)] = (g, _, x, p) => g.Node("Relu", p, [x]),
        [typeof(LeakyReLU)] = (g, m, x, p) => g.Node("LeakyRelu", p, [x], AttributeProto.Of("alpha", ((LeakyReLU)m).NegativeSlope)),
        [typeof(Tanh)] = (g, _, x, p) => g.Node("Tanh", p, [x]),
        [typeof(Sigmoid)] = (g, _, x, p) => g.Node("Sigmoid", p, [x]),
        [typeof(Identity)] = (_, _, x, _) => x,
    };

    private static string Sequence(OnnxGraphBuilder g, Module m, string x, string path)
    {
        foreach (var (name, child) in m.NamedChildren)
            x = g.Emit(child, x, OnnxGraphBuilder.Join(path, name));
        return x;
    }

    /// <summary>The block's layers, then (except outermost) the skip: concat(input, output) on channels.</summary>
    private static string UnetSkip(OnnxGraphBuilder g, Module m, string x, string path)
    {
        string y = g.EmitChild(m, "model", x, path);
        return ((UnetSkipConnectionBlock)m).Outermost ? y : g.Node("Concat", path, [x, y], AttributeProto.Of("axis", 1L));
    }

    private static string Conv(OnnxGraphBuilder g, Module m, string x, string path)
    {
        var conv = (Conv2d)m;
        return g.Node("Conv", path, WeightAndBias(g, path, conv.Weight, conv.Bias, x),
            AttributeProto.Of("kernel_shape", conv.KernelSize, conv.KernelSize),
            AttributeProto.Of("strides", conv.Stride, conv.Stride),
            AttributeProto.Of("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding));
    }

    /// <summary>ONNX's ConvTranspose has PyTorch's weight layout [in, out, k, k] and the same output size rule.</summary>
    private static string ConvTranspose(OnnxGraphBuilder g, Module m, string x, string path)
    {
        var conv = (ConvTranspose2d)m;
        return g.Node("ConvTranspose", path, WeightAndBias(g, path, conv.Weight, conv.Bias, x),
            AttributeProto.Of("kernel_shape", conv.KernelSize, conv.KernelSize),
            AttributeProto.Of("strides", conv.Stride, conv.Stride),
            AttributeProto.Of("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
            AttributeProto.Of("output_padding", conv.OutputPadding, conv.OutputPadding));
    }

    private static string[] WeightAndBias(OnnxGraphBuilder g, string path, Engine.Tensor weight, Engine.Tensor? bias, string x)
    {
        string w = g.Initializer(OnnxGraphBuilder.Join(path, "weight"), weight);
        return bias is null ? [x, w] : [x, w, g.Initializer(OnnxGraphBuilder.Join(path, "bias"), bias)];
    }

    /// <summary>Evaluation-mode batch norm: BatchNormalization with the running statistics (training_mode 0).</summary>
    private static string BatchNorm(OnnxGraphBuilder g, Module m, string x, string path)
    {
        var bn = (BatchNorm2d)m;
        if (bn.RunningMean is null || bn.RunningVar is null)
            throw new NotSupportedException($"BatchNorm2d at '{path}' keeps no running statistics, so it has no evaluation mode to export; train with track_running_stats (the default).");
        string scale = bn.Weight is null ? g.Filled(OnnxGraphBuilder.Join(path, "onnx_scale"), bn.NumFeatures, 1f) : g.Initializer(OnnxGraphBuilder.Join(path, "weight"), bn.Weight);
        string shift = bn.Bias is null ? g.Filled(OnnxGraphBuilder.Join(path, "onnx_bias"), bn.NumFeatures, 0f) : g.Initializer(OnnxGraphBuilder.Join(path, "bias"), bn.Bias);
        string mean = g.Initializer(OnnxGraphBuilder.Join(path, "running_mean"), bn.RunningMean);
        string variance = g.Initializer(OnnxGraphBuilder.Join(path, "running_var"), bn.RunningVar);
        return g.Node("BatchNormalization", path, [x, scale, shift, mean, variance],
            AttributeProto.Of("epsilon", bn.Eps), AttributeProto.Of("momentum", 1f - bn.Momentum));
    }

    /// <summary>InstanceNormalization needs scale and bias inputs: ones and zeros when the layer has no affine part (the reference's).</summary>
    private static string InstanceNorm(OnnxGraphBuilder g, Module m, string x, string path)
    {
        var norm = (InstanceNorm2d)m;
        string scale = norm.Weight is null ? g.Filled(OnnxGraphBuilder.Join(path, "onnx_scale"), norm.NumFeatures, 1f) : g.Initializer(OnnxGraphBuilder.Join(path, "weight"), norm.Weight);
        string shift = norm.Bias is null ? g.Filled(OnnxGraphBuilder.Join(path, "onnx_bias"), norm.NumFeatures, 0f) : g.Initializer(OnnxGraphBuilder.Join(path, "bias"), norm.Bias);
        return g.Node("InstanceNormalization", path, [x, scale, shift], AttributeProto.Of("epsilon", norm.Eps));
    }

    /// <summary>Pad (opset 13 form: pads as an int64 input, [N, C, top, left] begins then [N, C, bottom, right] ends).</summary>
    private static string ReflectionPad(OnnxGraphBuilder g, Module m, string x, string path)
    {
        var pad = (ReflectionPad2d)m;
        string pads = g.Int64s(OnnxGraphBuilder.Join(path, "pads"), 0, 0, pad.Top, pad.Left, 0, 0, pad.Bottom, pad.Right);
        return g.Node("Pad", path, [x, pads], AttributeProto.Of("mode", "reflect"));
    }

    /// <summary>Left out in evaluation mode; kept as Dropout with training_mode = true for pix2pix's test-time noise.</summary>
    private static string DropoutLayer(OnnxGraphBuilder g, Module m, string x, string path)
    {
        if (!g.KeepDropout)
            return x;
        string ratio = g.Scalar(OnnxGraphBuilder.Join(path, "ratio"), ((Dropout)m).P);
        string training = g.Bool(OnnxGraphBuilder.Join(path, "training_mode"), true);
        return g.Node("Dropout", path, [x, ratio, training]);
    }
}

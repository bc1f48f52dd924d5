using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Export.Onnx;

/// <summary>
/// Collects the nodes and initializers of one graph while <see cref="OnnxEmitters"/> walk a module tree. Values are
/// named after the module that makes them (<c>model.model.1/Conv</c>), initializers after the state-dict entry they hold
/// (<c>model.model.1.weight</c>), so the ONNX graph reads like the network's <c>print(net)</c>.
/// </summary>
internal sealed class OnnxGraphBuilder(bool keepDropout)
{
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Whether Dropout layers become ONNX Dropout nodes with training_mode = true (pix2pix's test-time noise).</summary>
    public bool KeepDropout { get; } = keepDropout;

    public IReadOnlyList<NodeProto> Nodes => _nodes;

    public IReadOnlyList<TensorProto> Initializers => _initializers;

    /// <summary>Emits <paramref name="module"/> (state-dict prefix <paramref name="path"/>) on <paramref name="input"/>; returns its output value.</summary>
    public string Emit(Module module, string input, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!OnnxEmitters.Table.TryGetValue(module.GetType(), out var emitter))
            throw new NotSupportedException($"ONNX export does not know the module kind {module.GetType().Name} (at '{(path.Length == 0 ? "<root>" : path)}'). "
                + $"It knows {string.Join(", ", OnnxEmitters.Table.Keys.Select(t => t.Name).Order(StringComparer.Ordinal))}; add an emitter for it in OnnxEmitters.");
        return emitter(this, module, input, path);
    }

    /// <summary>Emits the child <paramref name="name"/> of <paramref name="parent"/>.</summary>
    public string EmitChild(Module parent, string name, string input, string path)
    {
        foreach (var (childName, child) in parent.NamedChildren)
            if (childName == name)
                return Emit(child, input, Join(path, name));
        throw new InvalidOperationException($"{parent.GetType().Name} at '{path}' has no child '{name}'; its ONNX emitter does not match the module.");
    }

    /// <summary>Adds a node with one output named <c>path/opType</c>; returns that name.</summary>
    public string Node(string opType, string path, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        string output = Unique($"{path}/{opType}");
        _nodes.Add(new NodeProto { OpType = opType, Name = output, Inputs = inputs, Outputs = [output], Attributes = attributes });
        return output;
    }

    /// <summary>A float initializer holding a copy of <paramref name="tensor"/>'s values, with its shape.</summary>
    public string Initializer(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Add(TensorProto.Floats(Unique(name), tensor.Data, [.. tensor.Shape.ToArray().Select(d => (long)d)]));
    }

    /// <summary>A 1-D float initializer filled with <paramref name="value"/> (InstanceNorm's scale 1 and bias 0).</summary>
    public string Filled(string name, int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return Add(TensorProto.Floats(Unique(name), values, count));
    }

    public string Scalar(string name, float value) => Add(TensorProto.Floats(Unique(name), [value]));

    public string Int64s(string name, params long[] values) => Add(TensorProto.Int64s(Unique(name), values, values.Length));

    public string Bool(string name, bool value) => Add(TensorProto.Bool(Unique(name), value));

    /// <summary>Renames the value <paramref name="from"/> (the last node's output) to <paramref name="to"/>, or adds an Identity node.</summary>
    public void NameOutput(string from, string to)
    {
        if (_nodes.Count > 0 && _nodes[^1].Outputs[0] == from)
            _nodes[^1].Outputs[0] = to;
        else
            _nodes.Add(new NodeProto { OpType = "Identity", Name = Unique("/Identity"), Inputs = [from], Outputs = [to] });
    }

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private string Add(TensorProto tensor)
    {
        _initializers.Add(tensor);
        return tensor.Name;
    }

    private string Unique(string name)
    {
        if (!_names.Add(name))
            throw new InvalidOperationException($"ONNX value name '{name}' is made twice; module paths must be unique.");
        return name;
    }
}

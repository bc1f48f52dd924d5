namespace Pix2Pix.Engine.Modules;

/// <summary>Runs its children in order; they are named "0", "1", … as in PyTorch's <c>nn.Sequential</c>.</summary>
internal sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
            Add(layer);
    }

    public int Count => _layers.Count;

    public Module this[int index] => _layers[index];

    /// <summary>Appends a layer under the next index name.</summary>
    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            if (OpProfiler.Enabled && layer.NamedChildren.Count == 0)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                x = layer.Forward(x);
                OpProfiler.Record("forward " + layer.GetType().Name, start);
                continue;
            }
            x = layer.Forward(x);
        }
        return x;
    }
}

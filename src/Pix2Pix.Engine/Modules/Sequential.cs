namespace Pix2Pix.Engine.Modules;

/// <summary>Runs its children in order; they are named "0", "1", … as in PyTorch's <c>nn.Sequential</c>.</summary>
internal sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    // Layer index → the folded bias of a convolution whose following batch norm InferenceFolding folded into it.
    private Dictionary<int, Tensor>? _foldedBias;

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
        for (int i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (_foldedBias is not null && _foldedBias.TryGetValue(i, out Tensor? bias))
            {
                x = ForwardFolded(layer, x, bias);
                i++; // the batch norm, folded into the convolution
                continue;
            }
            if (OpProfiler.Enabled && layer.NamedChildren.Count == 0)
            {
                string name = OpProfiler.ByShape
                    ? $"forward {layer.GetType().Name} {Tensor.ShapeString(x.Shape)}"
                    : "forward " + layer.GetType().Name;
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                x = layer.Forward(x);
                OpProfiler.Record(name, start);
                continue;
            }
            x = layer.Forward(x);
        }
        return x;
    }

    /// <summary>
    /// Folds each evaluation-mode batch norm that directly follows a convolution into it (<see cref="InferenceFolding"/>);
    /// returns how many.
    /// </summary>
    internal int FoldBatchNormPairs()
    {
        int folded = 0;
        for (int i = 0; i + 1 < _layers.Count; i++)
        {
            if (!InferenceFolding.CanFold(_layers[i], _layers[i + 1]))
                continue;
            (_foldedBias ??= [])[i] = InferenceFolding.Fold(_layers[i], (BatchNorm2d)_layers[i + 1]);
            folded++;
            i++;
        }
        return folded;
    }

    private static Tensor ForwardFolded(Module layer, Tensor x, Tensor bias)
    {
        long start = OpProfiler.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        string? name = OpProfiler.Enabled
            ? (OpProfiler.ByShape ? $"forward {layer.GetType().Name}+BatchNorm2d {Tensor.ShapeString(x.Shape)}" : $"forward {layer.GetType().Name}+BatchNorm2d")
            : null;
        var y = layer is Conv2d conv
            ? Functional.Conv2d(x, conv.Weight, bias, conv.Stride, conv.Padding)
            : Functional.ConvTranspose2d(x, ((ConvTranspose2d)layer).Weight, bias, ((ConvTranspose2d)layer).Stride,
                ((ConvTranspose2d)layer).Padding, ((ConvTranspose2d)layer).OutputPadding);
        if (name is not null)
            OpProfiler.Record(name, start);
        return y;
    }
}

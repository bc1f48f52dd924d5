using System.Diagnostics.CodeAnalysis;

namespace Pix2Pix.Engine.Modules;

/// <summary>
/// A network part with named parameters, buffers and child modules, registered in order. Its
/// <see cref="StateDict"/> lists names exactly as PyTorch's <c>state_dict()</c>: own parameters, own buffers, then
/// each child's entries under "<c>childName.</c>", recursively. Subclasses register in their constructor and
/// implement <see cref="Forward"/>.
/// </summary>
[SuppressMessage("Naming", "CA1716", Justification = "PyTorch's name (nn.Module), which users of the reference recognise; no VB consumers.")]
internal abstract partial class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor? Float, Int64Tensor? Int)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True after <see cref="Train"/> (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    public abstract Tensor Forward(Tensor input);

    /// <summary>Sets training mode on this module and every descendant; returns this.</summary>
    public Module Train(bool training = true)
    {
        if (training && IsInferenceOnly)
            throw InferenceOnlyError("be trained");
        IsTraining = training;
        foreach (var (_, child) in _children)
            child.Train(training);
        return this;
    }

    /// <summary>
    /// True once <see cref="InferenceFolding.FoldBatchNorm"/> has folded batch norms into this network's convolutions:
    /// its weights are no longer the network's, so training, state dicts and loading are refused.
    /// </summary>
    public bool IsInferenceOnly { get; private set; }

    internal void MarkInferenceOnly() => IsInferenceOnly = true;

    private InvalidOperationException InferenceOnlyError(string what) =>
        new($"This {GetType().Name} had its batch norms folded into its convolutions for inference, so it cannot {what}; load the network again from its checkpoint.");

    /// <summary>Evaluation mode: batch norm uses running statistics, dropout is off (unless told otherwise).</summary>
    public Module Eval() => Train(false);

    /// <summary>Direct children in registration order, with their names.</summary>
    public IReadOnlyList<(string Name, Module Module)> NamedChildren => _children;

    /// <summary>This module and all descendants, depth first, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedModules(Join(prefix, name)))
                yield return item;
    }

    /// <summary>All parameters with dotted names, in state-dict order; a tensor shared by two layers appears once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, p) in module._parameters)
                if (seen.Add(p))
                    yield return (Join(prefix, name), p);
    }

    /// <summary>All parameters (what an optimizer updates).</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>The number of parameter elements (PyTorch's <c>sum(p.numel() for p in net.parameters())</c>).</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Count);

    /// <summary>Turns gradient computation on or off for every parameter (the reference's <c>set_requires_grad</c>).</summary>
    public void SetRequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters())
            p.RequiresGrad = requiresGrad;
    }

    /// <summary>Zeroes the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
            p.ZeroGrad();
    }

    /// <summary>The live tensors under PyTorch's names and order; loading into them changes this module.</summary>
    public StateDict StateDict()
    {
        if (IsInferenceOnly)
            throw InferenceOnlyError("give its state dict");
        var dict = new StateDict();
        AddTo(dict, "");
        return dict;
    }

    /// <summary>
    /// Copies every entry of <paramref name="source"/> into this module's live tensors. With <paramref name="strict"/>,
    /// missing and unexpected names are errors; shape or type mismatches always are. Nothing is copied unless all checks pass.
    /// </summary>
    /// <param name="source">The tensors to load, by state-dict name.</param>
    /// <param name="sourceName">Where the state came from (a file path), named in error messages.</param>
    /// <param name="strict">Whether missing and unexpected names are errors.</param>
    public void LoadStateDict(StateDict source, string sourceName, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsInferenceOnly)
            throw InferenceOnlyError("load weights");
        var target = StateDict();
        var diff = target.Compare(source);
        var mismatches = diff.Mismatches.Select(m => m.TypeDiffers
            ? $"{m.Name}: {StateDictMismatch.Kind(m.SourceIsFloat)} in the source but {StateDictMismatch.Kind(m.TargetIsFloat)} in the network"
            : $"{m.Name}: {Tensor.ShapeString(m.SourceShape)} in the source but {Tensor.ShapeString(m.TargetShape)} in the network").ToList();
        if (mismatches.Count > 0 || (strict && (diff.Missing.Count > 0 || diff.Unexpected.Count > 0)))
            throw new StateDictMismatchException(GetType().Name, sourceName, strict ? diff.Missing : [], strict ? diff.Unexpected : [], mismatches);
        target.CopyFrom(source);
    }

    /// <summary>Registers a learnable tensor (sets RequiresGrad) under <paramref name="name"/>; returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        EnsureNewName(name);
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a float state tensor that is saved but not learned (e.g. running_mean).</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        EnsureNewName(name);
        _buffers.Add((name, buffer, null));
        return buffer;
    }

    /// <summary>Registers an int64 state tensor (e.g. num_batches_tracked).</summary>
    protected Int64Tensor RegisterBuffer(string name, Int64Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        EnsureNewName(name);
        _buffers.Add((name, null, buffer));
        return buffer;
    }

    /// <summary>Registers a child module; its entries appear as "<c>name.…</c>".</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        EnsureNewName(name);
        _children.Add((name, module));
        return module;
    }

    private void AddTo(StateDict dict, string prefix)
    {
        foreach (var (name, p) in _parameters)
            dict.Add(Join(prefix, name), p);
        foreach (var (name, f, i) in _buffers)
        {
            if (f is not null) dict.Add(Join(prefix, name), f);
            else dict.Add(Join(prefix, name), i!);
        }
        foreach (var (name, child) in _children)
            child.AddTo(dict, Join(prefix, name));
    }

    private void EnsureNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"Module entry name '{name}' must not contain '.', which separates nesting levels.", nameof(name));
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has an entry named '{name}'; names must be unique within a module.", nameof(name));
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}

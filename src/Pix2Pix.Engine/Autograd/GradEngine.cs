namespace Pix2Pix.Engine;

/// <summary>
/// <c>Autograd.Grad</c>: gradients as tensors, each node's <see cref="Node.BackwardGraph"/> in reverse
/// topological order. Only nodes between the outputs and the requested inputs run; the graph is never released
/// (the forward graph is what the returned gradients hang on). The fast <see cref="BackwardEngine"/> is separate.
/// </summary>
internal static class GradEngine
{
    public static Tensor[] Run(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"Autograd.Grad: {gradOutputs.Count} output gradients for {outputs.Count} outputs; give one per output, or none for one-element outputs.", nameof(gradOutputs));
        var targets = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        foreach (var x in inputs)
            if (!x.RequiresGrad)
                throw new ArgumentException($"Autograd.Grad: an input {Tensor.ShapeString(x.Shape)} does not require a gradient; set RequiresGrad = true before the forward pass.", nameof(inputs));

        Autograd.NoGradScope? noGrad = createGraph ? null : Autograd.NoGrad();
        try
        {
            return Backward(outputs, inputs, gradOutputs, targets);
        }
        finally
        {
            noGrad?.Dispose();
        }
    }

    private static Tensor[] Backward(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs, HashSet<Tensor> targets)
    {
        var (order, needed) = Order(outputs, targets);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int k = 0; k < outputs.Count; k++)
        {
            var y = outputs[k];
            if (gradOutputs is null && y.Count != 1)
                throw new ArgumentException($"Autograd.Grad: output {k} is {Tensor.ShapeString(y.Shape)}; give its gradient in gradOutputs, or reduce it to one element.", nameof(gradOutputs));
            var seed = gradOutputs is null ? Tensor.Full(1f, y.ShapeArray()) : gradOutputs[k];
            if (!seed.SameShape(y))
                throw new ArgumentException($"Autograd.Grad: the gradient of output {k} is {Tensor.ShapeString(seed.Shape)} but the output is {Tensor.ShapeString(y.Shape)}.", nameof(gradOutputs));
            Accumulate(grads, y, seed);
        }

        // Reverse post-order: every consumer of a tensor has run before the tensor's own node.
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t.GradFn is null || targets.Contains(t) || !grads.TryGetValue(t, out var g))
                continue;
            var node = t.GradFn;
            var wanted = new bool[node.Inputs.Length];
            bool any = false;
            for (int j = 0; j < wanted.Length; j++)
                any |= wanted[j] = node.Inputs[j].RequiresGrad && needed.Contains(node.Inputs[j]);
            if (!any)
                continue;
            var inputGrads = node.BackwardGraph(g, wanted);
            for (int j = 0; j < wanted.Length; j++)
                if (wanted[j] && inputGrads[j] is { } gj)
                    Accumulate(grads, node.Inputs[j], gj);
        }

        var result = new Tensor[inputs.Count];
        for (int k = 0; k < inputs.Count; k++)
            result[k] = grads.TryGetValue(inputs[k], out var g) ? g : Tensor.ZerosLike(inputs[k]);
        return result;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor t, Tensor g)
    {
        if (!g.SameShape(t))
            throw new InvalidOperationException($"Autograd.Grad: a differentiable backward produced a gradient {Tensor.ShapeString(g.Shape)} for a tensor {Tensor.ShapeString(t.Shape)}; this is a bug in that op's BackwardGraph.");
        grads[t] = grads.TryGetValue(t, out var sum) ? Functional.Add(sum, g) : g;
    }

    /// <summary>
    /// Tensors reachable from the outputs (not past a requested input), in post-order, and the set of those that
    /// lead to a requested input (only their gradients are computed).
    /// </summary>
    private static (List<Tensor> Order, HashSet<Tensor> Needed) Order(IReadOnlyList<Tensor> outputs, HashSet<Tensor> targets)
    {
        var order = new List<Tensor>();
        var needed = new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        foreach (var root in outputs)
        {
            if (root.GraphReleased && root.GradFn is null)
                throw new InvalidOperationException("Autograd.Grad: this output's graph was already released by an earlier Backward(); call that Backward(retainGraph: true), or Grad first.");
            if (!visited.Add(root))
                continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = targets.Contains(t) || t.GradFn is null ? [] : t.GradFn.Inputs;
                if (next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var input = inputs[next];
                    if (visited.Add(input))
                        stack.Push((input, 0));
                }
                else
                {
                    order.Add(t);
                    foreach (var input in inputs)
                        if (needed.Contains(input))
                        {
                            needed.Add(t);
                            break;
                        }
                }
            }
        }
        return (order, needed);
    }
}

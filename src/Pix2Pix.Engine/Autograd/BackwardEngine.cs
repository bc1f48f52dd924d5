namespace Pix2Pix.Engine;

/// <summary>Runs the tape backwards from a scalar: topological order, fresh buffers for intermediates, += into leaves.</summary>
internal static class BackwardEngine
{
    public static void Run(Tensor root, bool retainGraph)
    {
        if (root.Count != 1)
            throw new InvalidOperationException($"Backward() starts from a one-element loss but this tensor is {Tensor.ShapeString(root.Shape)}; reduce it with Sum() or Mean() first.");
        if (root.GraphReleased)
            throw new InvalidOperationException("This loss's graph was already released by an earlier Backward(); recompute the forward pass, or call Backward(retainGraph: true) the first time.");
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward() was called on a tensor that does not require a gradient: no parameter or input with RequiresGrad = true led to it (or it was computed under Autograd.NoGrad()).");

        var order = TopologicalOrder(root);
        foreach (var t in order)
            t.Grad = null; // intermediates start from zero in every pass
        if (root.GradFn is null)
        {
            root.Grad ??= new float[1];
            root.Grad[0] += 1f;
            return;
        }
        root.Grad = [1f];

        // Gradient buffers of intermediates are ours alone: once consumed they go back to a pool for later ones of the
        // same length (decoders repeat shapes). The pool is the TensorArena entered on this thread, so later passes of
        // the same step reuse them too, or a private one for this pass.
        var pool = TensorArena.Current ?? new TensorArena();
        // Reverse post-order: a tensor is processed only after every op that consumed it.
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            var node = t.GradFn!;
            foreach (var input in node.Inputs)
            {
                if (input.RequiresGrad && !input.HasGradBuffer)
                    input.Grad = input.GradFn is not null ? pool.Take(input.Count, zeroed: true) : new float[input.Count];
            }
            if (t.Grad is not null)
            {
                if (OpProfiler.Enabled)
                {
                    long start = System.Diagnostics.Stopwatch.GetTimestamp();
                    node.Backward(t.Grad);
                    OpProfiler.Record("backward " + node.GetType().Name, start);
                }
                else
                {
                    node.Backward(t.Grad);
                }
            }
            if (!retainGraph)
            {
                t.GradFn = null;
                t.GraphReleased = true;
            }
            if (t.Grad is not null && !ReferenceEquals(t, root))
                pool.GiveBack(t.Grad);
            t.Grad = null;
        }
    }

    /// <summary>Non-leaf tensors reachable from <paramref name="root"/>, in post-order (inputs before outputs).</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        if (root.GradFn is null)
            return order;
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn!.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var input = inputs[next];
                if (input.GradFn is not null && visited.Add(input))
                    stack.Push((input, 0));
                else if (input.GraphReleased && input.GradFn is null && input.RequiresGrad)
                    throw new InvalidOperationException("Part of this graph was already released by an earlier Backward(); sum the losses that share it before one Backward(), or call the first Backward(retainGraph: true).");
            }
            else
            {
                order.Add(t);
            }
        }
        return order;
    }
}

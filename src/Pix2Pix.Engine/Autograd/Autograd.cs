namespace Pix2Pix.Engine;

/// <summary>Gradient recording switches: <c>using (Autograd.NoGrad()) { … }</c> for inference and frozen networks.</summary>
internal static class Autograd
{
    [ThreadStatic]
    private static int t_noGradDepth;

    /// <summary>Whether ops on this thread currently record the graph.</summary>
    public static bool IsEnabled => t_noGradDepth == 0;

    /// <summary>Within the returned scope no op records the graph and no output requires a gradient.</summary>
    public static NoGradScope NoGrad()
    {
        t_noGradDepth++;
        return new NoGradScope(Environment.CurrentManagedThreadId);
    }

    /// <summary>
    /// The gradients of <paramref name="outputs"/> (weighted by <paramref name="gradOutputs"/>; omitted: ones for
    /// one-element outputs) with respect to <paramref name="inputs"/>, returned as tensors, as
    /// <c>torch.autograd.grad</c>. Nothing is added to any <see cref="Tensor.Grad"/> and the graph is kept.
    /// With <paramref name="createGraph"/> the gradients are themselves differentiable: a loss built from them
    /// (a gradient penalty) back-propagates into the parameters with <see cref="Tensor.Backward"/>. Inputs that
    /// the outputs do not depend on get zeros. Every op on the way needs a differentiable backward
    /// (<c>Node.BackwardGraph</c>); the others throw <see cref="NotSupportedException"/> naming the op.
    /// </summary>
    public static Tensor[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs = null, bool createGraph = false) =>
        GradEngine.Run(outputs, inputs, gradOutputs, createGraph);

    /// <summary>d(<paramref name="output"/>)/d(<paramref name="input"/>) for a one-element output; see the list form.</summary>
    public static Tensor Grad(Tensor output, Tensor input, bool createGraph = false) =>
        GradEngine.Run([output], [input], null, createGraph)[0];

    /// <summary>
    /// Turns recording back on, even inside <see cref="NoGrad"/> scopes, until disposed (torch.enable_grad): a
    /// composite op's own backward graph, or a gradient penalty evaluated where the caller switched recording off.
    /// </summary>
    public static IDisposable EnableGrad() => new EnableGradScope(t_noGradDepth, Environment.CurrentManagedThreadId);

    private sealed class EnableGradScope : IDisposable
    {
        private readonly int _savedDepth, _threadId;

        public EnableGradScope(int savedDepth, int threadId)
        {
            (_savedDepth, _threadId) = (savedDepth, threadId);
            t_noGradDepth = 0;
        }

        public void Dispose()
        {
            if (_threadId != Environment.CurrentManagedThreadId)
                throw new InvalidOperationException("An EnableGrad scope must be disposed on the thread that opened it.");
            t_noGradDepth = _savedDepth;
        }
    }

    /// <summary>True when an op with these inputs must record a node.</summary>
    internal static bool ShouldRecord(Tensor a) => t_noGradDepth == 0 && a.RequiresGrad;

    internal static bool ShouldRecord(Tensor a, Tensor b) => t_noGradDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    internal static bool ShouldRecord(ReadOnlySpan<Tensor?> inputs)
    {
        if (t_noGradDepth != 0)
            return false;
        foreach (var t in inputs)
            if (t is not null && t.RequiresGrad)
                return true;
        return false;
    }

    /// <summary>Marks <paramref name="output"/> as produced by <paramref name="node"/>.</summary>
    internal static Tensor Attach(Tensor output, Node node)
    {
        output.GradFn = node;
        output.RequiresGrad = true;
        return output;
    }

    internal static void Exit(int threadId)
    {
        if (threadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("A NoGrad scope must be disposed on the thread that opened it.");
        if (t_noGradDepth > 0)
            t_noGradDepth--;
    }

    /// <summary>The scope returned by <see cref="NoGrad"/>; dispose it to re-enable recording.</summary>
    public readonly struct NoGradScope : IDisposable, IEquatable<NoGradScope>
    {
        private readonly int _threadId;

        internal NoGradScope(int threadId) => _threadId = threadId;

        public void Dispose() => Exit(_threadId);

        public bool Equals(NoGradScope other) => _threadId == other._threadId;

        public override bool Equals(object? obj) => obj is NoGradScope other && Equals(other);

        public override int GetHashCode() => _threadId;

        public static bool operator ==(NoGradScope left, NoGradScope right) => left.Equals(right);

        public static bool operator !=(NoGradScope left, NoGradScope right) => !left.Equals(right);
    }
}

namespace Pix2Pix.Engine;

/// <summary>Gradient recording switches: <c>using (Autograd.NoGrad()) { … }</c> for inference and frozen networks.</summary>
public static class Autograd
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

namespace Pix2Pix.Engine;

/// <summary>
/// The one place that splits work across cores. Every parallel kernel goes through here, so that
/// <see cref="Degree"/> (the CLI's <c>--num_threads</c>) governs the whole engine.
/// Work items must be independent: results may not depend on which thread ran an item. (The kernels in
/// <c>Pix2Pix.Engine.Kernels</c> keep every output element on one work item with a fixed summation order, so their
/// results are bit-identical for any degree.)
/// </summary>
internal static class Parallelism
{
    private static readonly ParallelOptions s_allCores = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    // The degree of the innermost WithDegree scope of this execution context (tests run in parallel and must not see
    // each other's; a training run must not leave its --num_threads behind).
    private static readonly AsyncLocal<ParallelOptions?> s_scoped = new();

    /// <summary>
    /// Maximum number of threads a kernel may use: the innermost <see cref="WithDegree"/> scope's, else all cores.
    /// The loops that own a run (training, testing, translating, benchmarks) set it with <see cref="WithDegree"/>.
    /// </summary>
    public static int Degree => Options.MaxDegreeOfParallelism;

    private static ParallelOptions Options => s_scoped.Value ?? s_allCores;

    /// <summary>
    /// Sets <see cref="Degree"/> for the current execution context (and the threads and tasks it starts) until the
    /// returned scope is disposed, which restores the previous degree. Other execution contexts are not affected.
    /// </summary>
    public static DegreeScope WithDegree(int degree)
    {
        if (degree < 1)
            throw new ArgumentOutOfRangeException(nameof(degree), degree, "The degree of parallelism must be 1 or more (use 1 for single-threaded runs).");
        ParallelOptions? previous = s_scoped.Value;
        s_scoped.Value = new ParallelOptions { MaxDegreeOfParallelism = degree };
        return new DegreeScope(previous);
    }

    /// <summary>Restores the degree that was in effect before <see cref="WithDegree"/>.</summary>
    public readonly struct DegreeScope : IDisposable
    {
        private readonly ParallelOptions? _previous;

        internal DegreeScope(ParallelOptions? previous) => _previous = previous;

        public void Dispose() => s_scoped.Value = _previous;
    }

    /// <summary>
    /// Whether work of <paramref name="work"/> units (multiply-adds, elements, …) pays for splitting over threads: more
    /// than one thread is allowed and the work reaches the caller's <paramref name="threshold"/>.
    /// </summary>
    internal static bool IsWorthSplitting(long work, long threshold = MinParallelWork) => Degree > 1 && work >= threshold;

    /// <summary>The default <see cref="IsWorthSplitting"/> threshold: about 2⁸ µs of multiply-adds, far above a fork-join's cost.</summary>
    internal const long MinParallelWork = 1L << 18;

    /// <summary>
    /// The one serial-or-parallel decision: runs <paramref name="body"/> for every index in [0, count) through
    /// <see cref="For"/> when <see cref="IsWorthSplitting"/>, otherwise in order on the calling thread. Either way each
    /// item does the same arithmetic, so results do not depend on the choice.
    /// </summary>
    internal static void ForIfWorthwhile(int count, long work, Action<int> body, long threshold = MinParallelWork)
        => ForIf(count > 1 && IsWorthSplitting(work, threshold), 0, count, body);

    /// <summary>Runs [from, to) through <see cref="For"/> when <paramref name="parallel"/>, otherwise in order here.</summary>
    internal static void ForIf(bool parallel, int from, int to, Action<int> body)
    {
        if (parallel)
        {
            For(from, to, body);
            return;
        }
        for (int i = from; i < to; i++)
            body(i);
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [from, to), on up to <see cref="Degree"/> threads (the calling
    /// thread included). Items are handed out dynamically, which copes best with a busy machine.
    /// </summary>
    public static void For(int from, int to, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int n = to - from;
        if (n <= 0)
            return;
        ParallelOptions options = Options;
        if (options.MaxDegreeOfParallelism == 1 || n == 1)
        {
            for (int i = from; i < to; i++)
                body(i);
            return;
        }
        // A loop inside a loop body runs on its thread; otherwise the engine's fork-join workers take it, or, while they
        // serve another thread's loop, the thread pool.
        if (ForkJoinPool.InLoop)
        {
            for (int i = from; i < to; i++)
                body(i);
            return;
        }
        long start = ParallelTrace.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        if (!ForkJoinPool.Shared.TryRun(from, to, options.MaxDegreeOfParallelism, body))
        {
            try
            {
                System.Threading.Tasks.Parallel.For(from, to, options, body);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                // As the fork-join path does: the first exception of a body, not a wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }
        }
        if (start != 0)
            ParallelTrace.Record(n, options.MaxDegreeOfParallelism, start);
    }
}

namespace Pix2Pix.Engine;

/// <summary>
/// The one place that splits work across cores. Every parallel kernel goes through here, so that
/// <see cref="Degree"/> (the CLI's <c>--num_threads</c>) governs the whole engine.
/// Work items must be independent: results may not depend on which thread ran an item.
/// </summary>
public static class Parallelism
{
    private static int _degree = Environment.ProcessorCount;

    /// <summary>Maximum number of threads a kernel may use. Default: all cores.</summary>
    public static int Degree
    {
        get => _degree;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The degree of parallelism must be 1 or more (use 1 for single-threaded runs).");
            _degree = value;
        }
    }

    /// <summary>Runs <paramref name="body"/> for every index in [from, to), on up to <see cref="Degree"/> threads.</summary>
    public static void For(int from, int to, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int n = to - from;
        if (n <= 0)
            return;
        if (_degree == 1 || n == 1)
        {
            for (int i = from; i < to; i++)
                body(i);
            return;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = _degree };
        System.Threading.Tasks.Parallel.For(from, to, options, body);
    }
}

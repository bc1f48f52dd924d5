namespace Pix2Pix.Engine;

/// <summary>
/// Splits a pointwise kernel call over large buffers into chunks run through <see cref="Parallelism"/>.
/// Each element is computed exactly as in one call, so results do not depend on the thread count.
/// </summary>
internal static class Pointwise
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Calls <paramref name="body"/>(start, length) over [0, count) in chunks, in parallel when large.</summary>
    public static void Run(int count, Action<int, int> body)
    {
        // One call unless there are several chunks and several threads to share them.
        if (!Parallelism.IsWorthSplitting(count, ChunkSize + 1))
        {
            body(0, count);
            return;
        }
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallelism.For(0, chunks, c =>
        {
            int start = c * ChunkSize;
            body(start, Math.Min(ChunkSize, count - start));
        });
    }
}

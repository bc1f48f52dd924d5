namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// One growable scratch buffer per thread for the convolution kernels (col2im chunks of 2–4 MB, and the column matrix
/// of small outputs), so that a training step does not allocate per call. It only grows, to the largest need seen
/// (a <see cref="ScratchBuffer"/>: the outgrown block is freed at once).
/// </summary>
internal static unsafe class ConvWorkspace
{
    [ThreadStatic]
    private static ScratchBuffer? t_columns;

    /// <summary>A span of exactly <paramref name="length"/> elements, contents undefined. Valid until the next call on this thread.</summary>
    public static Span<float> Columns(int length)
        => new((t_columns ??= new ScratchBuffer()).Get(length), length);
}

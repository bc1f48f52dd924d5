namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// One growable scratch buffer per thread for the convolution kernels (col2im chunks of about 2 MB, and the column
/// matrix of small outputs), so that a training step does not allocate per call. It only grows, to the largest need seen.
/// </summary>
internal static class ConvWorkspace
{
    [ThreadStatic]
    private static float[]? t_columns;

    /// <summary>A span of exactly <paramref name="length"/> elements, contents undefined. Valid until the next call on this thread.</summary>
    public static Span<float> Columns(int length)
    {
        float[]? buffer = t_columns;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(length);
            t_columns = buffer;
        }
        return buffer.AsSpan(0, length);
    }
}

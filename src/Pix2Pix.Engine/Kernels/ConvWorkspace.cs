namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// One growable scratch buffer per thread for the convolution kernels (im2col columns), so that a training step
/// does not allocate a large array per call. The buffer only grows; it is as large as the largest layer seen.
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

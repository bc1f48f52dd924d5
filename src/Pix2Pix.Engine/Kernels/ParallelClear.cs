namespace Pix2Pix.Engine.Kernels;

/// <summary>Clears a buffer, split over threads in items of 64 K floats when it is large (a gradient of 16 MB, say).</summary>
internal static class ParallelClear
{
    private const int ItemFloats = 1 << 16;

    public static void Run(float[] buffer) => Run(buffer.AsSpan());

    public static unsafe void Run(Span<float> buffer)
    {
        int length = buffer.Length, items = (length + ItemFloats - 1) / ItemFloats;
        fixed (float* p = buffer)
        {
            float* start = p;
            Parallelism.ForIfWorthwhile(items, length, item =>
                new Span<float>(start + (nint)item * ItemFloats, Math.Min(ItemFloats, length - item * ItemFloats)).Clear());
        }
    }
}

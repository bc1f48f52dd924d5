namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Per-thread scratch buffers (<see cref="ScratchBuffer"/>s) for the small-convolution kernels (padded copies of an input or gradient,
/// transposed column matrices). They only grow, to the largest need seen, so a training step does not allocate.
/// Worker threads of one call may read and write a buffer of the calling thread through its pointer.
/// </summary>
internal static unsafe class SmallConvWorkspace
{
    /// <summary>Number of independent buffers per thread.</summary>
    public const int Slots = 2;

    [ThreadStatic]
    private static ScratchSlots? t_buffers;

    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> floats, contents undefined, valid
    /// until the next request for the same slot on this thread.</summary>
    public static float* Get(int slot, long length)
        => (t_buffers ??= new ScratchSlots(Slots)).Get(slot, length);
}

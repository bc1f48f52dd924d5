using System.Runtime.InteropServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// One growable, 64-byte aligned scratch block of a thread's kernel workspace, in native memory: growing frees the old
/// block at once (a replaced pinned array stays resident until the next full collection, which a training run seldom
/// has — the buffers outgrown while the first step sees its shapes added 10 MB or so to the peak memory), and the
/// finalizer frees the block when its thread's workspace is dropped. Contents undefined; a pointer is valid until the
/// next <see cref="Get"/> on the same buffer.
/// </summary>
internal sealed unsafe class ScratchBuffer
{
    private const int Alignment = 64;

    private float* _pointer;
    private long _length;

    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> floats, replacing the block when it is too short.</summary>
    public float* Get(long length)
    {
        if (length <= _length)
            return _pointer;
        if (length > Array.MaxLength)
            throw new InsufficientMemoryException($"A kernel scratch buffer of {length} floats is larger than an array can hold; use a smaller batch or image.");
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
        _length = 0;
        _pointer = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float), Alignment);
        _length = length;
        return _pointer;
    }

    ~ScratchBuffer() => NativeMemory.AlignedFree(_pointer);
}

/// <summary>A fixed number of <see cref="ScratchBuffer"/>s, created on first use.</summary>
internal sealed unsafe class ScratchSlots(int count)
{
    private readonly ScratchBuffer?[] _slots = new ScratchBuffer?[count];

    /// <summary>Slot <paramref name="slot"/>'s <see cref="ScratchBuffer.Get"/>.</summary>
    public float* Get(int slot, long length) => (_slots[slot] ??= new ScratchBuffer()).Get(length);
}

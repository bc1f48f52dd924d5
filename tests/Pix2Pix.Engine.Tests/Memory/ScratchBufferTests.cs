using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine.Tests.Memory;

/// <summary>The kernels' per-thread scratch blocks: aligned, reused while large enough, and replaced outside the managed heap.</summary>
public unsafe class ScratchBufferTests
{
    [Fact]
    public void A_block_is_aligned_writable_and_reused_while_large_enough()
    {
        var buffer = new ScratchBuffer();
        float* first = buffer.Get(1000);
        Assert.Equal(0, (long)first % 64);
        for (int i = 0; i < 1000; i++)
            first[i] = i;
        Assert.True(first == buffer.Get(1000));
        Assert.True(first == buffer.Get(10));
        Assert.Equal(999f, first[999]);

        float* grown = buffer.Get(1 << 20);
        Assert.Equal(0, (long)grown % 64);
        for (int i = 0; i < 1 << 20; i++)
            grown[i] = -i;
        Assert.Equal(-(float)((1 << 20) - 1), grown[(1 << 20) - 1]);
        Assert.True(grown == buffer.Get(1 << 19));
    }

    [Fact]
    public void Growing_allocates_nothing_on_the_managed_heap()
    {
        // A replaced pinned array would stay resident until a full collection; the block is freed at once instead.
        var buffer = new ScratchBuffer();
        buffer.Get(16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int size = 1 << 10; size <= 1 << 22; size <<= 1)
            buffer.Get(size)[size - 1] = 1f;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Slots_are_independent_blocks()
    {
        var slots = new ScratchSlots(3);
        float* a = slots.Get(0, 256), b = slots.Get(2, 256);
        Assert.True(a != b);
        a[255] = 1f;
        b[255] = 2f;
        Assert.Equal(1f, slots.Get(0, 100)[255]);
    }

    [Fact]
    public void A_block_larger_than_an_array_is_refused_with_what_to_do()
    {
        var buffer = new ScratchBuffer();
        var error = Assert.Throws<InsufficientMemoryException>(() => buffer.Get((long)Array.MaxLength + 1));
        Assert.Contains("smaller batch or image", error.Message);
    }
}

using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Per-thread packing buffers for <see cref="Gemm"/>: pinned, 64-byte aligned, grown on demand and reused across
/// calls, so a multiply allocates nothing once the largest shape has been seen on a thread.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const int Alignment = 64;

    [ThreadStatic]
    private static GemmWorkspace? t_current;

    private float[]? _a;
    private float[]? _b;
    private float[]? _packedA;

    public static GemmWorkspace Current => t_current ??= new GemmWorkspace();

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed A panels.</summary>
    public float* A(int length) => Aligned(ref _a, length);

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed B panels.</summary>
    public float* B(int length) => Aligned(ref _b, length);

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for a whole matrix packed by <see cref="Gemm.PackA"/>.</summary>
    public float* PackedA(long length) => Aligned(ref _packedA, length);

    /// <summary>
    /// A 64-byte aligned pointer to at least <paramref name="length"/> floats of <paramref name="buffer"/>, which is
    /// replaced by a larger pinned array when too short (contents undefined). The kernels' per-thread scratch buffers
    /// all grow through here.
    /// </summary>
    internal static float* Aligned(ref float[]? buffer, long length)
    {
        long needed = length + Alignment / sizeof(float);
        if (needed > Array.MaxLength)
            throw new InsufficientMemoryException($"A kernel scratch buffer of {length} floats is larger than an array can hold; use a smaller batch or image.");
        if (buffer is null || buffer.Length < needed)
            buffer = GC.AllocateUninitializedArray<float>((int)needed, pinned: true);
        // Pinned-heap arrays never move, so the address stays valid as long as the array is referenced (by its owner).
        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + (Alignment - 1)) & ~(nint)(Alignment - 1);
        return (float*)aligned;
    }
}

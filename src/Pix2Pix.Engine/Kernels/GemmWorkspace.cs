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

    private float[] _a = [];
    private float[] _b = [];

    public static GemmWorkspace Current => t_current ??= new GemmWorkspace();

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed A panels.</summary>
    public float* A(int length) => Aligned(ref _a, length);

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed B panels.</summary>
    public float* B(int length) => Aligned(ref _b, length);

    private static float* Aligned(ref float[] buffer, int length)
    {
        int needed = length + Alignment / sizeof(float);
        if (buffer.Length < needed)
            buffer = GC.AllocateUninitializedArray<float>(needed, pinned: true);
        // Pinned-heap arrays never move, so the address stays valid as long as the array is referenced (by this object).
        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + (Alignment - 1)) & ~(nint)(Alignment - 1);
        return (float*)aligned;
    }
}

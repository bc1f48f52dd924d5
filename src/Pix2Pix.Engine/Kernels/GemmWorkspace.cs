namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Per-thread packing buffers for <see cref="Gemm"/> (<see cref="ScratchBuffer"/>s): 64-byte aligned, grown on demand and reused
/// across calls, so a multiply allocates nothing once the largest shape has been seen on a thread.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic]
    private static GemmWorkspace? t_current;

    private readonly ScratchBuffer _a = new(), _b = new(), _packedA = new();

    public static GemmWorkspace Current => t_current ??= new GemmWorkspace();

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed A panels.</summary>
    public float* A(long length) => _a.Get(length);

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for packed B panels.</summary>
    public float* B(long length) => _b.Get(length);

    /// <summary>An aligned pointer to at least <paramref name="length"/> floats for a whole matrix packed by <see cref="Gemm.PackA"/>.</summary>
    public float* PackedA(long length) => _packedA.Get(length);
}

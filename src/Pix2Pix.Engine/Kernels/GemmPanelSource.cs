namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Where <see cref="GemmDriver"/> gets its B operand: packs op(B)[p0 .. p0+kc, j0 .. j0+cols] (cols ≤ nr) as kc rows
/// of nr values, dst[p·nr + j], zero-filling columns cols .. nr. Implemented by structs so the JIT specialises the driver.
/// </summary>
internal interface IGemmPanelSource
{
    unsafe void Pack(int p0, int kc, int j0, int cols, int nr, float* dst);
}

/// <summary>A row-major matrix B (k×n, or n×k when transposed) with row stride ldb.</summary>
internal readonly unsafe struct GemmMatrixSource(bool transposed, float* b, int ldb) : IGemmPanelSource
{
    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
        => GemmPacking.PackB(transposed, b, ldb, p0, kc, j0, cols, nr, dst);
}

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel, specialised by the JIT when used as a struct type argument of
/// <see cref="GemmDriver"/>. C[Mr×Nr] at <c>c</c> (row stride ldc) = (add ? C : 0) + Σₚ Ap[p]·Bp[p] over kc.
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the tile (values per packed A column).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the tile (values per packed B row).</summary>
    static abstract int Nr { get; }

    static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add);
}

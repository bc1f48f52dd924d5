using System.Runtime.CompilerServices;

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

// The register-blocked GEMM micro-kernel: C[Mr×Nr] (+)= Ap·Bp over kc, where Ap is a packed panel of kc columns of Mr
// values and Bp a packed panel of kc rows of Nr values (see GemmPacking). It keeps 2·Mr vector accumulators in
// registers and does one multiply-add per accumulator per k, in k order, so every path rounds the same way.
// Written once over ISimdFloat: measured as fast as the three hand-specialised copies it replaced (sgemm 1024³,
// one thread: Vector512 11.0 vs 11.1 ms, Vector256 21.0 vs 22.4 ms, medians).

/// <summary>
/// The GEMM micro-kernel written once over <see cref="ISimdFloat{TVec}"/>: a <see cref="ISimdFloat{TVec}.GemmRows"/>×(2·Count)
/// tile (6×32 on Vector512, 6×16 on Vector256, 4×2w portable), 2 accumulators per row. The row count is a constant
/// of the path, so the JIT drops the unused rows.
/// </summary>
internal readonly struct GemmMicroKernel<TSimd, TVec> : IGemmMicroKernel
    where TSimd : struct, ISimdFloat<TVec>
    where TVec : unmanaged
{
    public static int Mr => TSimd.GemmRows;

    public static int Nr => 2 * TSimd.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        int w = TSimd.Count;
        bool six = TSimd.GemmRows == 6;
        TVec c00 = TSimd.Zero, c01 = TSimd.Zero, c10 = TSimd.Zero, c11 = TSimd.Zero;
        TVec c20 = TSimd.Zero, c21 = TSimd.Zero, c30 = TSimd.Zero, c31 = TSimd.Zero;
        TVec c40 = TSimd.Zero, c41 = TSimd.Zero, c50 = TSimd.Zero, c51 = TSimd.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(b), b1 = TSimd.Load(b + w);
            TVec a0 = TSimd.Splat(a[0]);
            c00 = TSimd.MulAdd(a0, b0, c00);
            c01 = TSimd.MulAdd(a0, b1, c01);
            TVec a1 = TSimd.Splat(a[1]);
            c10 = TSimd.MulAdd(a1, b0, c10);
            c11 = TSimd.MulAdd(a1, b1, c11);
            TVec a2 = TSimd.Splat(a[2]);
            c20 = TSimd.MulAdd(a2, b0, c20);
            c21 = TSimd.MulAdd(a2, b1, c21);
            TVec a3 = TSimd.Splat(a[3]);
            c30 = TSimd.MulAdd(a3, b0, c30);
            c31 = TSimd.MulAdd(a3, b1, c31);
            if (six)
            {
                TVec a4 = TSimd.Splat(a[4]);
                c40 = TSimd.MulAdd(a4, b0, c40);
                c41 = TSimd.MulAdd(a4, b1, c41);
                TVec a5 = TSimd.Splat(a[5]);
                c50 = TSimd.MulAdd(a5, b0, c50);
                c51 = TSimd.MulAdd(a5, b1, c51);
            }
            a += TSimd.GemmRows;
            b += 2 * w;
        }
        Write(c00, c01, c + 0 * ldc, w, add);
        Write(c10, c11, c + 1 * ldc, w, add);
        Write(c20, c21, c + 2 * ldc, w, add);
        Write(c30, c31, c + 3 * ldc, w, add);
        if (six)
        {
            Write(c40, c41, c + 4 * ldc, w, add);
            Write(c50, c51, c + 5 * ldc, w, add);
        }
    }

    /// <summary>row[0 .. 2w) = (add ? row : 0) + (lo, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Write(TVec lo, TVec hi, float* row, int w, bool add)
    {
        if (add)
        {
            lo = TSimd.Add(TSimd.Load(row), lo);
            hi = TSimd.Add(TSimd.Load(row + w), hi);
        }
        TSimd.Store(lo, row);
        TSimd.Store(hi, row + w);
    }
}

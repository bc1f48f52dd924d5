using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Engine.Kernels;

// Register-blocked GEMM micro-kernels: C[Mr×Nr] (+)= Ap·Bp over kc, where Ap is a packed panel of kc columns of Mr
// values and Bp a packed panel of kc rows of Nr values (see GemmPacking). Each keeps 2·Mr vector accumulators in
// registers and does one fused multiply-add per accumulator per k, in k order, so every path rounds the same way.

/// <summary>6×32 tile on Vector512 (12 zmm accumulators).</summary>
internal readonly struct GemmMicroKernel512 : IGemmMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 2 * 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        int w = Vector512<float>.Count;
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + w);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 2 * w;
        }
        if (add)
        {
            Add(c00, c01, c + 0 * ldc, w);
            Add(c10, c11, c + 1 * ldc, w);
            Add(c20, c21, c + 2 * ldc, w);
            Add(c30, c31, c + 3 * ldc, w);
            Add(c40, c41, c + 4 * ldc, w);
            Add(c50, c51, c + 5 * ldc, w);
        }
        else
        {
            Set(c00, c01, c + 0 * ldc, w);
            Set(c10, c11, c + 1 * ldc, w);
            Set(c20, c21, c + 2 * ldc, w);
            Set(c30, c31, c + 3 * ldc, w);
            Set(c40, c41, c + 4 * ldc, w);
            Set(c50, c51, c + 5 * ldc, w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(Vector512<float> lo, Vector512<float> hi, float* row, int w)
    {
        (Vector512.Load(row) + lo).Store(row);
        (Vector512.Load(row + w) + hi).Store(row + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Set(Vector512<float> lo, Vector512<float> hi, float* row, int w)
    {
        lo.Store(row);
        hi.Store(row + w);
    }
}

/// <summary>6×16 tile on Vector256 (12 ymm accumulators).</summary>
internal readonly struct GemmMicroKernel256 : IGemmMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 2 * 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        int w = Vector256<float>.Count;
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + w);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 2 * w;
        }
        if (add)
        {
            Add(c00, c01, c + 0 * ldc, w);
            Add(c10, c11, c + 1 * ldc, w);
            Add(c20, c21, c + 2 * ldc, w);
            Add(c30, c31, c + 3 * ldc, w);
            Add(c40, c41, c + 4 * ldc, w);
            Add(c50, c51, c + 5 * ldc, w);
        }
        else
        {
            Set(c00, c01, c + 0 * ldc, w);
            Set(c10, c11, c + 1 * ldc, w);
            Set(c20, c21, c + 2 * ldc, w);
            Set(c30, c31, c + 3 * ldc, w);
            Set(c40, c41, c + 4 * ldc, w);
            Set(c50, c51, c + 5 * ldc, w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(Vector256<float> lo, Vector256<float> hi, float* row, int w)
    {
        (Vector256.Load(row) + lo).Store(row);
        (Vector256.Load(row + w) + hi).Store(row + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Set(Vector256<float> lo, Vector256<float> hi, float* row, int w)
    {
        lo.Store(row);
        hi.Store(row + w);
    }
}

/// <summary>4×(2·Vector&lt;float&gt;.Count) tile on the portable Vector&lt;T&gt; (software fallback when not accelerated).</summary>
internal readonly struct GemmMicroKernelPortable : IGemmMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 2 * Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        int w = Vector<float>.Count;
        Vector<float> c00 = Vector<float>.Zero, c01 = Vector<float>.Zero;
        Vector<float> c10 = Vector<float>.Zero, c11 = Vector<float>.Zero;
        Vector<float> c20 = Vector<float>.Zero, c21 = Vector<float>.Zero;
        Vector<float> c30 = Vector<float>.Zero, c31 = Vector<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.ReadUnaligned<Vector<float>>(b), b1 = Unsafe.ReadUnaligned<Vector<float>>(b + w);
            Vector<float> a0 = new Vector<float>(a[0]);
            c00 = PortableMath.MulAdd(a0, b0, c00);
            c01 = PortableMath.MulAdd(a0, b1, c01);
            Vector<float> a1 = new Vector<float>(a[1]);
            c10 = PortableMath.MulAdd(a1, b0, c10);
            c11 = PortableMath.MulAdd(a1, b1, c11);
            Vector<float> a2 = new Vector<float>(a[2]);
            c20 = PortableMath.MulAdd(a2, b0, c20);
            c21 = PortableMath.MulAdd(a2, b1, c21);
            Vector<float> a3 = new Vector<float>(a[3]);
            c30 = PortableMath.MulAdd(a3, b0, c30);
            c31 = PortableMath.MulAdd(a3, b1, c31);
            a += 4;
            b += 2 * w;
        }
        if (add)
        {
            Add(c00, c01, c + 0 * ldc, w);
            Add(c10, c11, c + 1 * ldc, w);
            Add(c20, c21, c + 2 * ldc, w);
            Add(c30, c31, c + 3 * ldc, w);
        }
        else
        {
            Set(c00, c01, c + 0 * ldc, w);
            Set(c10, c11, c + 1 * ldc, w);
            Set(c20, c21, c + 2 * ldc, w);
            Set(c30, c31, c + 3 * ldc, w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(Vector<float> lo, Vector<float> hi, float* row, int w)
    {
        Unsafe.WriteUnaligned(row, Unsafe.ReadUnaligned<Vector<float>>(row) + lo);
        Unsafe.WriteUnaligned(row + w, Unsafe.ReadUnaligned<Vector<float>>(row + w) + hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Set(Vector<float> lo, Vector<float> hi, float* row, int w)
    {
        Unsafe.WriteUnaligned(row, lo);
        Unsafe.WriteUnaligned(row + w, hi);
    }
}

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

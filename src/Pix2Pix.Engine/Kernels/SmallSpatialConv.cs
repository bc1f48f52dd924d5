using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Convolutions with a tiny output plane (at most <see cref="MaxPixels"/> pixels: the U-Net's innermost layers, and the
/// transposed convolutions that mirror them). Their GEMMs are a large weight (Cout × Cin·kH·kW, 16–32 MB) times a
/// handful of columns, so the blocked GEMM, which packs all of the weight per call, spends its time copying it. These
/// kernels stream the weight once, unpacked, with the pixels' columns stored K-contiguous (colᵀ, P × K):
/// the forward pass as dot products along K (6 or 4 weight rows × 4 pixels per register tile), the data gradient as
/// colᵀ = dyᵀ·W (4 vectors of K × 4 pixels per tile, weight rows prefetched), folded back into the image afterwards.
/// (Tiles are 4×2 on the paths narrower than Vector512, whose hardware may have half the vector registers.)
/// Work is split over weight rows (forward) or K ranges (data gradient); each result element is summed by one work
/// item in a fixed order, so results do not depend on <see cref="Parallelism.Degree"/>. No checks.
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static unsafe class SmallSpatialConv
{
    /// <summary>Largest output plane (OH·OW) handled here (the forward: <see cref="MaxForwardPixels"/>).</summary>
    public const int MaxPixels = 64;

    /// <summary>Weight rows per forward work item (a multiple of the 6- and 4-row tiles).</summary>
    private const int RowsPerItem = 24;

    /// <summary>K values per data-gradient work item (a multiple of every 4-vector block).</summary>
    private const int DepthPerItem = 256;

    /// <summary>colᵀ values (P × depth chunk, 512 KB) kept in L2 while a forward item runs over its weight rows.</summary>
    private const int ChunkElements = 1 << 17;

    /// <summary>Deepest forward chunk: 4 weight rows of it (32 KB) stay near while the pixel tiles reuse them.
    /// Measured on Zen 4: 2048 beats 1024 by 5–10 % on the 16- and 64-pixel layers; 4096 gains nothing more.</summary>
    private const int DepthChunk = 2048;

    /// <summary>
    /// Largest output plane whose forward pass is computed here: from 33 to 64 pixels (the U-Net's 16² → 8² layer) the
    /// blocked GEMM, packing the weight, was measured 9–13 % faster (one and two threads, Zen 5), while this data
    /// gradient stays faster up to <see cref="MaxPixels"/>.
    /// </summary>
    public const int MaxForwardPixels = 32;

    /// <summary>Whether the forward pass of <paramref name="g"/> takes these kernels.</summary>
    public static bool AppliesToForward(in Conv2dGeometry g)
        => g.OutHeight * g.OutWidth <= MaxForwardPixels && g.OutChannels > DirectConv.MaxOutChannels && !Conv2dPlan.IsPointwise(g);

    /// <summary>Whether the data gradient of <paramref name="g"/> takes these kernels.</summary>
    public static bool AppliesToBackwardData(in Conv2dGeometry g)
        => g.OutHeight * g.OutWidth <= MaxPixels && g.OutChannels > DirectConv.MaxOutChannels && !Conv2dPlan.IsPointwise(g);

    /// <summary>
    /// Row stride of colᵀ: K plus one cache line, so that rows K = 2ⁿ floats apart do not all map to the same cache
    /// sets (the tiles read four of them, and four weight rows, at once).
    /// </summary>
    private static int TransposedStride(int k) => (k + 15) / 16 * 16 + 16;

    /// <summary>output += conv(input, weight).</summary>
    public static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, in Conv2dGeometry g)
    {
        int p = g.OutHeight * g.OutWidth, k = g.InChannels * g.KernelH * g.KernelW;
        int inSize = g.InChannels * g.InHeight * g.InWidth, outSize = g.OutChannels * p;
        int ldt = TransposedStride(k);
        float* colT = SmallConvWorkspace.Get(0, (long)p * ldt);
        fixed (float* x = input)
        fixed (float* w = weight)
        fixed (float* y = output)
        {
            for (int n = 0; n < g.Batch; n++)
            {
                PackTransposed(x + (nint)n * inSize, colT, ldt, g);
                SimdPaths.Run(new ForwardKernel(w, colT, y + (nint)n * outSize, g.OutChannels, p, k, ldt));
            }
        }
    }

    /// <summary>gradInput += Wᵀ·gradOutput folded back into the image.</summary>
    public static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput, in Conv2dGeometry g)
    {
        int p = g.OutHeight * g.OutWidth, k = g.InChannels * g.KernelH * g.KernelW;
        int inSize = g.InChannels * g.InHeight * g.InWidth, outSize = g.OutChannels * p;
        int ldt = TransposedStride(k);
        float* colT = SmallConvWorkspace.Get(0, (long)p * ldt);
        fixed (float* dy = gradOutput)
        fixed (float* w = weight)
        fixed (float* dx = gradInput)
        {
            for (int n = 0; n < g.Batch; n++)
            {
                SimdPaths.Run(new ColumnsTransposedKernel(dy + (nint)n * outSize, w, colT, ldt, g.OutChannels, p, k));
                AccumulateTransposed(colT, ldt, dx + (nint)n * inSize, g);
            }
        }
    }

    /// <summary>colT[p, (c·kH + ky)·kW + kx] = image[c, oy·sH − pH + ky, ox·sW − pW + kx] (0 outside), p = oy·OW + ox.</summary>
    internal static void PackTransposed(float* image, float* colT, int ldt, in Conv2dGeometry g)
    {
        int pixels = g.OutHeight * g.OutWidth, k = g.InChannels * g.KernelH * g.KernelW;
        Conv2dGeometry geometry = g;
        Parallelism.ForIfWorthwhile(pixels, (long)pixels * k * 8, p => PackPixel(image, colT + (nint)p * ldt, geometry, p));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPixel(float* image, float* row, in Conv2dGeometry g, int p)
    {
        int oy = p / g.OutWidth, ox = p % g.OutWidth;
        int h = g.InHeight, w = g.InWidth, kh = g.KernelH, kw = g.KernelW;
        int iy0 = oy * g.StrideH - g.PadH, ix0 = ox * g.StrideW - g.PadW;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* plane = image + (nint)c * h * w;
            for (int ky = 0; ky < kh; ky++, row += kw)
            {
                int iy = iy0 + ky;
                if ((uint)iy >= (uint)h)
                {
                    for (int kx = 0; kx < kw; kx++)
                        row[kx] = 0;
                    continue;
                }
                float* src = plane + (nint)iy * w;
                for (int kx = 0, ix = ix0; kx < kw; kx++, ix++)
                    row[kx] = (uint)ix < (uint)w ? src[ix] : 0;
            }
        }
    }

    /// <summary>The adjoint of <see cref="PackTransposed"/>: image[c, iy, ix] += every colT entry that was read from it.</summary>
    internal static void AccumulateTransposed(float* colT, int ldt, float* image, in Conv2dGeometry g)
    {
        const int ChannelsPerItem = 16;
        int items = (g.InChannels + ChannelsPerItem - 1) / ChannelsPerItem;
        Conv2dGeometry geometry = g;
        long work = (long)g.OutHeight * g.OutWidth * g.InChannels * g.KernelH * g.KernelW * 8;
        // Channel c's entries only touch image plane c: the items are independent.
        Parallelism.ForIfWorthwhile(items, work, item =>
        {
            int c0 = item * ChannelsPerItem, c1 = Math.Min(geometry.InChannels, c0 + ChannelsPerItem);
            AccumulateChannels(colT, ldt, image, geometry, c0, c1);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateChannels(float* colT, int ldt, float* image, in Conv2dGeometry g, int c0, int c1)
    {
        int h = g.InHeight, w = g.InWidth, kh = g.KernelH, kw = g.KernelW, taps = kh * kw;
        for (int p = 0; p < g.OutHeight * g.OutWidth; p++)
        {
            int oy = p / g.OutWidth, ox = p % g.OutWidth;
            int iy0 = oy * g.StrideH - g.PadH, ix0 = ox * g.StrideW - g.PadW;
            float* row = colT + (nint)p * ldt + (nint)c0 * taps;
            for (int c = c0; c < c1; c++)
            {
                float* plane = image + (nint)c * h * w;
                for (int ky = 0; ky < kh; ky++, row += kw)
                {
                    int iy = iy0 + ky;
                    if ((uint)iy >= (uint)h)
                        continue;
                    float* dst = plane + (nint)iy * w;
                    for (int kx = 0, ix = ix0; kx < kw; kx++, ix++)
                    {
                        if ((uint)ix < (uint)w)
                            dst[ix] += row[kx];
                    }
                }
            }
        }
    }

    /// <summary>y[i, j] += Σₖ w[i, k]·colT[j, k] for an m×K weight and P pixels, in K chunks that keep colᵀ in L2.</summary>
    private static void Forward<TS, TV>(float* w, float* colT, float* y, int m, int pixels, int k, int ldt)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int chunk = Math.Min(DepthChunk, Math.Max(256, ChunkElements / pixels / 16 * 16));
        int items = (m + RowsPerItem - 1) / RowsPerItem;
        Parallelism.ForIfWorthwhile(items, (long)m * pixels * k, item =>
        {
            int i0 = item * RowsPerItem, i1 = Math.Min(m, i0 + RowsPerItem);
            for (int k0 = 0; k0 < k; k0 += chunk)
            {
                int depth = Math.Min(chunk, k - k0);
                int i = i0;
                if (WideTiles<TS, TV>() && pixels >= 4)
                {
                    // 6×4 tiles: ten loads per 24 multiply-adds, where L2 bandwidth limits the 4×4 tile (8 per 16).
                    for (; i + 6 <= i1; i += 6)
                    {
                        int j = 0;
                        for (; j + 4 <= pixels; j += 4)
                            Dots6x4<TS, TV>(w + (nint)i * k + k0, k, colT + (nint)j * ldt + k0, ldt, depth, y + (nint)i * pixels + j, pixels);
                        for (; j < pixels; j++)
                            for (int r = i; r < i + 6; r++)
                                y[(nint)r * pixels + j] += Dot<TS, TV>(w + (nint)r * k + k0, colT + (nint)j * ldt + k0, depth);
                    }
                }
                for (; i + 4 <= i1; i += 4)
                {
                    int j = 0;
                    if (WideTiles<TS, TV>())
                    {
                        for (; j + 4 <= pixels; j += 4)
                            Dots4x4<TS, TV>(w + (nint)i * k + k0, k, colT + (nint)j * ldt + k0, ldt, depth, y + (nint)i * pixels + j, pixels);
                    }
                    else
                    {
                        for (; j + 2 <= pixels; j += 2)
                            Dots4x2<TS, TV>(w + (nint)i * k + k0, k, colT + (nint)j * ldt + k0, ldt, depth, y + (nint)i * pixels + j, pixels);
                    }
                    for (; j < pixels; j++)
                        for (int r = i; r < i + 4; r++)
                            y[(nint)r * pixels + j] += Dot<TS, TV>(w + (nint)r * k + k0, colT + (nint)j * ldt + k0, depth);
                }
                for (; i < i1; i++)
                    for (int j = 0; j < pixels; j++)
                        y[(nint)i * pixels + j] += Dot<TS, TV>(w + (nint)i * k + k0, colT + (nint)j * ldt + k0, depth);
            }
        });
    }

    /// <summary>y[r, q] += a[r, :]·b[q, :] over depth for a 6×4 tile (24 accumulators: Vector512 only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots6x4<TS, TV>(float* a, int lda, float* b, int ldb, int depth, float* y, int ldy)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c43 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c53 = TS.Zero;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * (nint)lda, a3 = a + 3 * (nint)lda, a4 = a + 4 * (nint)lda, a5 = a + 5 * (nint)lda;
        float* b0 = b, b1 = b + ldb, b2 = b + 2 * (nint)ldb, b3 = b + 3 * (nint)ldb;
        int p = 0;
        for (; p + vw <= depth; p += vw)
        {
            TV v0 = TS.Load(b0 + p), v1 = TS.Load(b1 + p), v2 = TS.Load(b2 + p), v3 = TS.Load(b3 + p);
            TV u = TS.Load(a0 + p);
            c00 = TS.MulAdd(u, v0, c00);
            c01 = TS.MulAdd(u, v1, c01);
            c02 = TS.MulAdd(u, v2, c02);
            c03 = TS.MulAdd(u, v3, c03);
            u = TS.Load(a1 + p);
            c10 = TS.MulAdd(u, v0, c10);
            c11 = TS.MulAdd(u, v1, c11);
            c12 = TS.MulAdd(u, v2, c12);
            c13 = TS.MulAdd(u, v3, c13);
            u = TS.Load(a2 + p);
            c20 = TS.MulAdd(u, v0, c20);
            c21 = TS.MulAdd(u, v1, c21);
            c22 = TS.MulAdd(u, v2, c22);
            c23 = TS.MulAdd(u, v3, c23);
            u = TS.Load(a3 + p);
            c30 = TS.MulAdd(u, v0, c30);
            c31 = TS.MulAdd(u, v1, c31);
            c32 = TS.MulAdd(u, v2, c32);
            c33 = TS.MulAdd(u, v3, c33);
            u = TS.Load(a4 + p);
            c40 = TS.MulAdd(u, v0, c40);
            c41 = TS.MulAdd(u, v1, c41);
            c42 = TS.MulAdd(u, v2, c42);
            c43 = TS.MulAdd(u, v3, c43);
            u = TS.Load(a5 + p);
            c50 = TS.MulAdd(u, v0, c50);
            c51 = TS.MulAdd(u, v1, c51);
            c52 = TS.MulAdd(u, v2, c52);
            c53 = TS.MulAdd(u, v3, c53);
        }
        // As in Dots4x4: reduce before the scalar tails so the accumulators stay in registers.
        float* sums = stackalloc float[24];
        sums[0] = TS.Sum(c00);
        sums[1] = TS.Sum(c01);
        sums[2] = TS.Sum(c02);
        sums[3] = TS.Sum(c03);
        sums[4] = TS.Sum(c10);
        sums[5] = TS.Sum(c11);
        sums[6] = TS.Sum(c12);
        sums[7] = TS.Sum(c13);
        sums[8] = TS.Sum(c20);
        sums[9] = TS.Sum(c21);
        sums[10] = TS.Sum(c22);
        sums[11] = TS.Sum(c23);
        sums[12] = TS.Sum(c30);
        sums[13] = TS.Sum(c31);
        sums[14] = TS.Sum(c32);
        sums[15] = TS.Sum(c33);
        sums[16] = TS.Sum(c40);
        sums[17] = TS.Sum(c41);
        sums[18] = TS.Sum(c42);
        sums[19] = TS.Sum(c43);
        sums[20] = TS.Sum(c50);
        sums[21] = TS.Sum(c51);
        sums[22] = TS.Sum(c52);
        sums[23] = TS.Sum(c53);
        for (int r = 0; r < 6; r++)
        {
            float* row = a + (nint)r * lda;
            for (int q = 0; q < 4; q++)
                y[(nint)r * ldy + q] += sums[r * 4 + q] + TailDot(row, b + (nint)q * ldb, p, depth);
        }
    }

    /// <summary>y[r, q] += a[r, :]·b[q, :] over depth for a 4×4 tile (rows of a at stride lda, of b at stride ldb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots4x4<TS, TV>(float* a, int lda, float* b, int ldb, int depth, float* y, int ldy)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * (nint)lda, a3 = a + 3 * (nint)lda;
        float* b0 = b, b1 = b + ldb, b2 = b + 2 * (nint)ldb, b3 = b + 3 * (nint)ldb;
        int p = 0;
        for (; p + vw <= depth; p += vw)
        {
            TV v0 = TS.Load(b0 + p), v1 = TS.Load(b1 + p), v2 = TS.Load(b2 + p), v3 = TS.Load(b3 + p);
            TV u = TS.Load(a0 + p);
            c00 = TS.MulAdd(u, v0, c00);
            c01 = TS.MulAdd(u, v1, c01);
            c02 = TS.MulAdd(u, v2, c02);
            c03 = TS.MulAdd(u, v3, c03);
            u = TS.Load(a1 + p);
            c10 = TS.MulAdd(u, v0, c10);
            c11 = TS.MulAdd(u, v1, c11);
            c12 = TS.MulAdd(u, v2, c12);
            c13 = TS.MulAdd(u, v3, c13);
            u = TS.Load(a2 + p);
            c20 = TS.MulAdd(u, v0, c20);
            c21 = TS.MulAdd(u, v1, c21);
            c22 = TS.MulAdd(u, v2, c22);
            c23 = TS.MulAdd(u, v3, c23);
            u = TS.Load(a3 + p);
            c30 = TS.MulAdd(u, v0, c30);
            c31 = TS.MulAdd(u, v1, c31);
            c32 = TS.MulAdd(u, v2, c32);
            c33 = TS.MulAdd(u, v3, c33);
        }
        // Reduce every accumulator before the scalar tails: live vectors across the tail loops make the JIT spill
        // all sixteen accumulators inside the main loop.
        float* sums = stackalloc float[16];
        sums[0] = TS.Sum(c00);
        sums[1] = TS.Sum(c01);
        sums[2] = TS.Sum(c02);
        sums[3] = TS.Sum(c03);
        sums[4] = TS.Sum(c10);
        sums[5] = TS.Sum(c11);
        sums[6] = TS.Sum(c12);
        sums[7] = TS.Sum(c13);
        sums[8] = TS.Sum(c20);
        sums[9] = TS.Sum(c21);
        sums[10] = TS.Sum(c22);
        sums[11] = TS.Sum(c23);
        sums[12] = TS.Sum(c30);
        sums[13] = TS.Sum(c31);
        sums[14] = TS.Sum(c32);
        sums[15] = TS.Sum(c33);
        for (int r = 0; r < 4; r++)
        {
            float* row = a + (nint)r * lda;
            for (int q = 0; q < 4; q++)
                y[(nint)r * ldy + q] += sums[r * 4 + q] + TailDot(row, b + (nint)q * ldb, p, depth);
        }
    }

    /// <summary>
    /// Whether the 4×4 tiles fit the register file: 16 accumulators plus 5 operands need the 32 registers of
    /// AVX-512, so the narrower paths (16 registers on AVX2 hardware) use 4×2 tiles instead of spilling.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool WideTiles<TS, TV>()
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
        => TS.Count >= 16;

    /// <summary>y[r, q] += a[r, :]·b[q, :] over depth for a 4×2 tile (rows of a at stride lda, of b at stride ldb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dots4x2<TS, TV>(float* a, int lda, float* b, int ldb, int depth, float* y, int ldy)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * (nint)lda, a3 = a + 3 * (nint)lda;
        float* b0 = b, b1 = b + ldb;
        int p = 0;
        for (; p + vw <= depth; p += vw)
        {
            TV v0 = TS.Load(b0 + p), v1 = TS.Load(b1 + p);
            TV u = TS.Load(a0 + p);
            c00 = TS.MulAdd(u, v0, c00);
            c01 = TS.MulAdd(u, v1, c01);
            u = TS.Load(a1 + p);
            c10 = TS.MulAdd(u, v0, c10);
            c11 = TS.MulAdd(u, v1, c11);
            u = TS.Load(a2 + p);
            c20 = TS.MulAdd(u, v0, c20);
            c21 = TS.MulAdd(u, v1, c21);
            u = TS.Load(a3 + p);
            c30 = TS.MulAdd(u, v0, c30);
            c31 = TS.MulAdd(u, v1, c31);
        }
        // As in Dots4x4: reduce before the scalar tails so the accumulators stay in registers.
        float* sums = stackalloc float[8];
        sums[0] = TS.Sum(c00);
        sums[1] = TS.Sum(c01);
        sums[2] = TS.Sum(c10);
        sums[3] = TS.Sum(c11);
        sums[4] = TS.Sum(c20);
        sums[5] = TS.Sum(c21);
        sums[6] = TS.Sum(c30);
        sums[7] = TS.Sum(c31);
        for (int r = 0; r < 4; r++)
        {
            float* row = a + (nint)r * lda;
            for (int q = 0; q < 2; q++)
                y[(nint)r * ldy + q] += sums[r * 2 + q] + TailDot(row, b + (nint)q * ldb, p, depth);
        }
    }

    /// <summary>Σ a[p]·b[p] over depth with four vector accumulators (an edge row or pixel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot<TS, TV>(float* a, float* b, int depth)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
        int p = 0;
        for (; p + 4 * vw <= depth; p += 4 * vw)
        {
            s0 = TS.MulAdd(TS.Load(a + p), TS.Load(b + p), s0);
            s1 = TS.MulAdd(TS.Load(a + p + vw), TS.Load(b + p + vw), s1);
            s2 = TS.MulAdd(TS.Load(a + p + 2 * vw), TS.Load(b + p + 2 * vw), s2);
            s3 = TS.MulAdd(TS.Load(a + p + 3 * vw), TS.Load(b + p + 3 * vw), s3);
        }
        for (; p + vw <= depth; p += vw)
            s0 = TS.MulAdd(TS.Load(a + p), TS.Load(b + p), s0);
        return TS.Sum(TS.Add(TS.Add(s0, s1), TS.Add(s2, s3))) + TailDot(a, b, p, depth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float TailDot(float* a, float* b, int from, int to)
    {
        float sum = 0;
        for (int p = from; p < to; p++)
            sum = PortableMath.MulAdd(a[p], b[p], sum);
        return sum;
    }

    /// <summary>
    /// colT[j, :] = Σᵢ dy[i, j]·w[i, :] for an m×K weight and P pixels (dy is m×P), one strip of 4 vectors of K at a
    /// time. With more than one tile of pixels the strip is first copied to a contiguous buffer: its rows lie K floats
    /// apart (a power of two in the networks), so re-reading them in place would evict each other from the caches.
    /// </summary>
    private static void ColumnsTransposed<TS, TV>(float* dy, float* w, float* colT, int ldt, int m, int pixels, int k)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int items = (k + DepthPerItem - 1) / DepthPerItem;
        Parallelism.ForIfWorthwhile(items, (long)m * pixels * k, item =>
        {
            int vw = TS.Count, strip = 4 * vw;
            int k0 = item * DepthPerItem, k1 = Math.Min(k, k0 + DepthPerItem);
            int tile = WideTiles<TS, TV>() ? 4 : 2;
            bool copy = pixels > tile;
            float* buffer = copy ? SmallConvWorkspace.Get(1, (long)m * strip) : null;
            int kk = k0;
            for (; kk + strip <= k1; kk += strip)
            {
                float* source = w + kk;
                int ldw = k;
                if (copy)
                {
                    CopyStrip<TS, TV>(w + kk, k, m, buffer);
                    source = buffer;
                    ldw = strip;
                }
                int j = 0;
                if (tile == 4)
                {
                    for (; j + 4 <= pixels; j += 4)
                        Axpy4x4<TS, TV>(dy + j, pixels, source, ldw, m, colT + (nint)j * ldt + kk, ldt);
                }
                else
                {
                    for (; j + 2 <= pixels; j += 2)
                        Axpy4x2<TS, TV>(dy + j, pixels, source, ldw, m, colT + (nint)j * ldt + kk, ldt);
                }
                for (; j < pixels; j++)
                    Axpy4x1<TS, TV>(dy + j, pixels, source, ldw, m, colT + (nint)j * ldt + kk);
            }
            for (; kk < k1; kk++)
            {
                for (int j = 0; j < pixels; j++)
                {
                    float sum = 0;
                    for (int i = 0; i < m; i++)
                        sum = PortableMath.MulAdd(dy[(nint)i * pixels + j], w[(nint)i * k + kk], sum);
                    colT[(nint)j * ldt + kk] = sum;
                }
            }
        });
    }

    /// <summary>buffer[i·4·vw + 0 .. 4·vw) = w[i·ldw + 0 .. 4·vw) for i &lt; m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyStrip<TS, TV>(float* w, int ldw, int m, float* buffer)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        for (int i = 0; i < m; i++, w += ldw, buffer += 4 * vw)
        {
            TS.Store(TS.Load(w), buffer);
            TS.Store(TS.Load(w + vw), buffer + vw);
            TS.Store(TS.Load(w + 2 * vw), buffer + 2 * vw);
            TS.Store(TS.Load(w + 3 * vw), buffer + 3 * vw);
        }
    }

    /// <summary>out[q, 0 .. 4·vw) = Σᵢ d[i·ldd + q]·w[i·ldw + 0 .. 4·vw) for pixels q &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy4x4<TS, TV>(float* d, int ldd, float* w, int ldw, int m, float* output, int ldo)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        for (int i = 0; i < m; i++, d += ldd, w += ldw)
        {
            Prefetch(w + PrefetchRows * (nint)ldw, 4 * vw);
            TV w0 = TS.Load(w), w1 = TS.Load(w + vw), w2 = TS.Load(w + 2 * vw), w3 = TS.Load(w + 3 * vw);
            TV s = TS.Splat(d[0]);
            c00 = TS.MulAdd(w0, s, c00);
            c01 = TS.MulAdd(w1, s, c01);
            c02 = TS.MulAdd(w2, s, c02);
            c03 = TS.MulAdd(w3, s, c03);
            s = TS.Splat(d[1]);
            c10 = TS.MulAdd(w0, s, c10);
            c11 = TS.MulAdd(w1, s, c11);
            c12 = TS.MulAdd(w2, s, c12);
            c13 = TS.MulAdd(w3, s, c13);
            s = TS.Splat(d[2]);
            c20 = TS.MulAdd(w0, s, c20);
            c21 = TS.MulAdd(w1, s, c21);
            c22 = TS.MulAdd(w2, s, c22);
            c23 = TS.MulAdd(w3, s, c23);
            s = TS.Splat(d[3]);
            c30 = TS.MulAdd(w0, s, c30);
            c31 = TS.MulAdd(w1, s, c31);
            c32 = TS.MulAdd(w2, s, c32);
            c33 = TS.MulAdd(w3, s, c33);
        }
        Store4<TS, TV>(output, c00, c01, c02, c03);
        Store4<TS, TV>(output + ldo, c10, c11, c12, c13);
        Store4<TS, TV>(output + 2 * (nint)ldo, c20, c21, c22, c23);
        Store4<TS, TV>(output + 3 * (nint)ldo, c30, c31, c32, c33);
    }

    /// <summary>out[q, 0 .. 4·vw) = Σᵢ d[i·ldd + q]·w[i·ldw + 0 .. 4·vw) for pixels q &lt; 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy4x2<TS, TV>(float* d, int ldd, float* w, int ldw, int m, float* output, int ldo)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        for (int i = 0; i < m; i++, d += ldd, w += ldw)
        {
            Prefetch(w + PrefetchRows * (nint)ldw, 4 * vw);
            TV w0 = TS.Load(w), w1 = TS.Load(w + vw), w2 = TS.Load(w + 2 * vw), w3 = TS.Load(w + 3 * vw);
            TV s = TS.Splat(d[0]);
            c00 = TS.MulAdd(w0, s, c00);
            c01 = TS.MulAdd(w1, s, c01);
            c02 = TS.MulAdd(w2, s, c02);
            c03 = TS.MulAdd(w3, s, c03);
            s = TS.Splat(d[1]);
            c10 = TS.MulAdd(w0, s, c10);
            c11 = TS.MulAdd(w1, s, c11);
            c12 = TS.MulAdd(w2, s, c12);
            c13 = TS.MulAdd(w3, s, c13);
        }
        Store4<TS, TV>(output, c00, c01, c02, c03);
        Store4<TS, TV>(output + ldo, c10, c11, c12, c13);
    }

    /// <summary>out[0 .. 4·vw) = Σᵢ d[i·ldd]·w[i·ldw + 0 .. 4·vw) (one pixel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy4x1<TS, TV>(float* d, int ldd, float* w, int ldw, int m, float* output)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero;
        for (int i = 0; i < m; i++, d += ldd, w += ldw)
        {
            Prefetch(w + PrefetchRows * (nint)ldw, 4 * vw);
            TV s = TS.Splat(d[0]);
            c0 = TS.MulAdd(TS.Load(w), s, c0);
            c1 = TS.MulAdd(TS.Load(w + vw), s, c1);
            c2 = TS.MulAdd(TS.Load(w + 2 * vw), s, c2);
            c3 = TS.MulAdd(TS.Load(w + 3 * vw), s, c3);
        }
        Store4<TS, TV>(output, c0, c1, c2, c3);
    }

    /// <summary>Weight rows ahead to prefetch: rows K floats apart each start a new page, where hardware prefetch stops.</summary>
    private const int PrefetchRows = 8;

    /// <summary>Hints that <paramref name="count"/> floats at <paramref name="address"/> are needed soon (x86 only; never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* address, int count)
    {
        if (!Sse.IsSupported)
            return;
        for (int i = 0; i < count; i += 16)
            Sse.Prefetch0(address + i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<TS, TV>(float* output, TV v0, TV v1, TV v2, TV v3)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TS.Store(v0, output);
        TS.Store(v1, output + vw);
        TS.Store(v2, output + 2 * vw);
        TS.Store(v3, output + 3 * vw);
    }

    private readonly struct ForwardKernel(float* w, float* colT, float* y, int m, int pixels, int k, int ldt) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => Forward<TSimd, TVec>(w, colT, y, m, pixels, k, ldt);
    }

    private readonly struct ColumnsTransposedKernel(float* dy, float* w, float* colT, int ldt, int m, int pixels, int k) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => ColumnsTransposed<TSimd, TVec>(dy, w, colT, ldt, m, pixels, k);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Stride-1 3×3 convolutions by Winograd's minimal filtering F(4×4, 3×3) (Lavin &amp; Gray 2016)
/// (<see cref="ConvAlgorithm.Winograd"/>): the output is cut into 4×4 tiles, each computed from a 6×6 input tile as
/// Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, where g is a 3×3 filter and d the input tile (zero outside the image, which covers the
/// padding and the partial tiles at the right and bottom edges). Summed over input channels the element-wise product
/// becomes 36 independent matrix products, one per point of the 6×6 transformed tile:
/// M[t] (Cout × tiles) = U[t] (Cout × Cin) · V[t] (Cin × tiles), through <see cref="Gemm"/>. That is 36 multiply-adds
/// per 16 outputs per channel pair instead of 144 (4× fewer), plus the transforms.
/// <para>
/// The three passes of one call, for a chunk of tiles at a time (the tiles of all images of the batch, numbered image by
/// image, row by row; a chunk keeps V and M at about 4 MB each): the weight transform U = G g Gᵀ (once per call, per
/// (Cout, Cin) pair), the input transform V = Bᵀ d B (per input channel and tile), the 36 products (work items: one
/// product × a block of 96 result rows), and the output transform Y += Aᵀ M A, added to the destination (per output
/// channel and tile). The transforms use only additions and multiplications by constants — never a fused multiply-add —
/// vectorised over independent pairs or tiles with <see cref="Vector{T}"/>, so they round the same on every SIMD path.
/// Every element is computed by one work item in a fixed order, so results do not depend on
/// <see cref="Parallelism.Degree"/>.
/// </para>
/// <para>
/// The data gradient of a stride-1 3×3 convolution with padding p ≤ 2 is itself one: the output gradient, padded by
/// 2 − p, correlated with the weight rotated by 180° with Cin and Cout swapped; it runs through the same machinery
/// (the rotated weight is transformed in the forward's [Cout, Cin] order and the products take it transposed) and
/// accumulates into the input gradient. The weight gradient stays on im2col.
/// </para>
/// <para>
/// Accuracy: the transforms multiply by up to 8 (Aᵀ) and 5 (Bᵀ) and divide by 6 and 24 (G), so the rounding error is
/// larger than a direct sum's; measured against a double-precision reference it stays below about 3·10⁻⁶ of Σ|w||x|
/// per output (docs/benchmarks.md, "Winograd for the resnet blocks"), about ten times the im2col path's.
/// </para>
/// Layouts as <see cref="Conv2dKernels"/>. No checks.
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static unsafe class WinogradConv
{
    /// <summary>Points of a transformed tile (6×6).</summary>
    private const int Points = 36;

    /// <summary>Result rows of one product work item (a multiple of every GEMM micro-tile height, 6 and 4).</summary>
    private const int RowsPerItem = 96;

    /// <summary>Target size of V (and of M) for one chunk of tiles, in floats.</summary>
    private const int ChunkFloats = 1 << 20;

    /// <summary>Whether the algorithm computes <paramref name="g"/> (3×3, stride 1, padding at most 2 on each side).</summary>
    public static bool Applies(in Conv2dGeometry g)
        => g.KernelH == 3 && g.KernelW == 3 && g.StrideH == 1 && g.StrideW == 1 && g.PadH <= 2 && g.PadW <= 2;

    /// <summary>
    /// Whether <see cref="Conv2dPlan"/> should choose it: where it was measured faster than im2col + GEMM (single
    /// thread, AVX-512 and AVX2): at least <see cref="MinChannels"/> input and output channels and an output plane of
    /// at least <see cref="MinPlane"/>×<see cref="MinPlane"/>.
    /// </summary>
    public static bool IsWorthwhile(in Conv2dGeometry g)
        => Applies(g) && g.InChannels >= MinChannels && g.OutChannels >= MinChannels
            && g.OutHeight >= MinPlane && g.OutWidth >= MinPlane;

    /// <summary>Fewest input and output channels for which the plan chooses Winograd.</summary>
    internal const int MinChannels = 32;

    /// <summary>Smallest output height and width for which the plan chooses Winograd.</summary>
    internal const int MinPlane = 8;

    /// <summary>output += conv(input, weight).</summary>
    public static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output,
        in Conv2dGeometry g)
    {
        fixed (float* pInput = input, pWeight = weight, pOutput = output)
            Run(new Problem(pInput, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.PadH, g.PadW,
                pWeight, g.OutChannels, g.InChannels, backward: false, pOutput, g.OutChannels, g.OutHeight, g.OutWidth));
    }

    /// <summary>gradInput += the data gradient: gradOutput padded by 2 − pad, correlated with the rotated, transposed weight.</summary>
    public static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in Conv2dGeometry g)
    {
        fixed (float* pGradOutput = gradOutput, pWeight = weight, pGradInput = gradInput)
            Run(new Problem(pGradOutput, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, 2 - g.PadH, 2 - g.PadW,
                pWeight, g.OutChannels, g.InChannels, backward: true, pGradInput, g.InChannels, g.InHeight, g.InWidth));
    }

    /// <summary>
    /// One stride-1 3×3 correlation: Src [Batch, SrcC, SrcH, SrcW] zero-padded by (PadH, PadW), Dst [Batch, DstC, DstH,
    /// DstW] accumulated. The weight is [WeightOut, WeightIn, 3, 3]; forward: SrcC = WeightIn, DstC = WeightOut;
    /// backward: rotated by 180°, SrcC = WeightOut, DstC = WeightIn.
    /// </summary>
    private readonly struct Problem(float* src, int batch, int srcC, int srcH, int srcW, int padH, int padW,
        float* weight, int weightOut, int weightIn, bool backward, float* dst, int dstC, int dstH, int dstW)
    {
        public readonly float* Src = src, Weight = weight, Dst = dst;
        public readonly int Batch = batch, SrcC = srcC, SrcH = srcH, SrcW = srcW, PadH = padH, PadW = padW;
        public readonly int WeightOut = weightOut, WeightIn = weightIn, DstC = dstC, DstH = dstH, DstW = dstW;
        public readonly bool Backward = backward;

        public int TilesX => (DstW + 3) / 4;

        public int TilesPerImage => (DstH + 3) / 4 * TilesX;
    }

    /// <summary>Tiles per chunk: V and M of about <see cref="ChunkFloats"/> each, chunks of equal size (a multiple of 16). A function of the shape only.</summary>
    internal static int TilesPerChunk(int channels, int tiles)
    {
        int target = Math.Max(16, ChunkFloats / (Points * Math.Max(1, channels)));
        int chunks = (tiles + target - 1) / target;
        int perChunk = (tiles + chunks - 1) / chunks;
        return Math.Min(tiles, (perChunk + 15) / 16 * 16);
    }

    private static void Run(in Problem p)
    {
        int totalTiles = p.Batch * p.TilesPerImage;
        int chunk = TilesPerChunk(Math.Max(p.SrcC, p.DstC), totalTiles);
        int vw = Vector<float>.Count;
        int ld = (chunk + vw - 1) / vw * vw;
        float* u = WinogradWorkspace.Get(0, (long)Points * p.WeightOut * p.WeightIn);
        float* v = WinogradWorkspace.Get(1, (long)Points * p.SrcC * ld);
        float* m = WinogradWorkspace.Get(2, (long)Points * p.DstC * ld);
        TransformWeights(p.Weight, p.WeightOut * p.WeightIn, p.Backward, u);
        for (int t0 = 0; t0 < totalTiles; t0 += chunk)
        {
            int tiles = Math.Min(chunk, totalTiles - t0);
            TransformInput(p, t0, tiles, v, ld);
            Multiply(p, u, v, m, tiles, ld);
            TransformOutput(p, t0, tiles, m, ld);
        }
    }

    /// <summary>U[t][pair] = (G g Gᵀ)[t] for every (out, in) pair of the weight (g rotated by 180° for the data gradient).</summary>
    private static void TransformWeights(float* weight, int pairs, bool rotate, float* u)
    {
        int vw = Vector<float>.Count;
        const int BlocksPerItem = 64;
        int blocks = (pairs + vw - 1) / vw;
        int items = (blocks + BlocksPerItem - 1) / BlocksPerItem;
        Parallelism.ForIfWorthwhile(items, (long)pairs * 100, item =>
        {
            float* g = stackalloc float[9 * Vector<float>.Count];
            float* r = stackalloc float[Points * Vector<float>.Count];
            int width = Vector<float>.Count;
            int end = Math.Min(blocks, (item + 1) * BlocksPerItem);
            for (int block = item * BlocksPerItem; block < end; block++)
            {
                int p0 = block * width, lanes = Math.Min(width, pairs - p0);
                for (int l = 0; l < width; l++)
                    for (int k = 0; k < 9; k++)
                        g[k * width + l] = l < lanes ? weight[(nint)(p0 + l) * 9 + (rotate ? 8 - k : k)] : 0f;
                WeightTile(g, r, width);
                Store(r, u + p0, pairs, lanes, width);
            }
        });
    }

    /// <summary>V[t][c][tile] = (Bᵀ d B)[t] for every input channel and tile of the chunk.</summary>
    private static void TransformInput(Problem p, int t0, int tiles, float* v, int ld)
    {
        int tilesX = p.TilesX, tilesPerImage = p.TilesPerImage;
        Parallelism.ForIfWorthwhile(p.SrcC, (long)p.SrcC * tiles * 200, c =>
        {
            int width = Vector<float>.Count;
            float* d = stackalloc float[Points * Vector<float>.Count];
            float* r = stackalloc float[Points * Vector<float>.Count];
            for (int i0 = 0; i0 < tiles; i0 += width)
            {
                int lanes = Math.Min(width, tiles - i0);
                for (int l = 0; l < width; l++)
                {
                    if (l >= lanes)
                    {
                        for (int k = 0; k < Points; k++)
                            d[k * width + l] = 0f;
                        continue;
                    }
                    int tile = t0 + i0 + l, n = tile / tilesPerImage, within = tile - n * tilesPerImage;
                    int ty = within / tilesX, tx = within - ty * tilesX;
                    float* plane = p.Src + ((long)n * p.SrcC + c) * p.SrcH * p.SrcW;
                    LoadPatch(plane, p.SrcH, p.SrcW, ty * 4 - p.PadH, tx * 4 - p.PadW, d + l, width);
                }
                InputTile(d, r, width);
                Store(r, v + (nint)c * ld + i0, (nint)p.SrcC * ld, width, width);
            }
        });
    }

    /// <summary>M[t] = U[t]·V[t] (or U[t]ᵀ·V[t] for the data gradient), by blocks of result rows.</summary>
    private static void Multiply(Problem p, float* u, float* v, float* m, int tiles, int ld)
    {
        int rowBlocks = (p.DstC + RowsPerItem - 1) / RowsPerItem;
        int pairs = p.WeightOut * p.WeightIn;
        Parallelism.ForIfWorthwhile(Points * rowBlocks, (long)Points * p.DstC * p.SrcC * tiles, item =>
        {
            int t = item / rowBlocks, r0 = item % rowBlocks * RowsPerItem;
            int rows = Math.Min(RowsPerItem, p.DstC - r0);
            float* ut = u + (nint)t * pairs;
            var b = new ReadOnlySpan<float>(v + (nint)t * p.SrcC * ld, (p.SrcC - 1) * ld + tiles);
            var c = new Span<float>(m + ((nint)t * p.DstC + r0) * ld, (rows - 1) * ld + tiles);
            if (p.Backward)
                Gemm.Multiply(true, false, rows, tiles, p.SrcC, new ReadOnlySpan<float>(ut + r0, (p.SrcC - 1) * p.WeightIn + rows),
                    p.WeightIn, b, ld, c, ld, accumulate: false);
            else
                Gemm.Multiply(false, false, rows, tiles, p.SrcC, new ReadOnlySpan<float>(ut + (nint)r0 * p.WeightIn, rows * p.WeightIn),
                    p.WeightIn, b, ld, c, ld, accumulate: false);
        });
    }

    /// <summary>Dst += Aᵀ M A for every output channel and tile of the chunk, the parts of edge tiles outside the plane dropped.</summary>
    private static void TransformOutput(Problem p, int t0, int tiles, float* m, int ld)
    {
        int tilesX = p.TilesX, tilesPerImage = p.TilesPerImage;
        Parallelism.ForIfWorthwhile(p.DstC, (long)p.DstC * tiles * 200, c =>
        {
            int width = Vector<float>.Count;
            float* s = stackalloc float[Points * Vector<float>.Count];
            float* y = stackalloc float[16 * Vector<float>.Count];
            for (int i0 = 0; i0 < tiles; i0 += width)
            {
                int lanes = Math.Min(width, tiles - i0);
                Load(m + (nint)c * ld + i0, (nint)p.DstC * ld, s, width);
                OutputTile(s, y, width);
                for (int l = 0; l < lanes; l++)
                {
                    int tile = t0 + i0 + l, n = tile / tilesPerImage, within = tile - n * tilesPerImage;
                    int ty = within / tilesX, tx = within - ty * tilesX;
                    int oy = ty * 4, ox = tx * 4;
                    int rows = Math.Min(4, p.DstH - oy), cols = Math.Min(4, p.DstW - ox);
                    float* plane = p.Dst + ((long)n * p.DstC + c) * p.DstH * p.DstW + (nint)oy * p.DstW + ox;
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < cols; j++)
                            plane[(nint)i * p.DstW + j] += y[(i * 4 + j) * width + l];
                }
            }
        });
    }

    /// <summary>The 6×6 patch at (y0, x0) of a plane, zero outside it, into d[k·width] (k = row·6 + column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadPatch(float* plane, int height, int width, int y0, int x0, float* d, int stride)
    {
        if (y0 >= 0 && x0 >= 0 && y0 + 6 <= height && x0 + 6 <= width)
        {
            float* row = plane + (nint)y0 * width + x0;
            for (int i = 0; i < 6; i++, row += width)
                for (int j = 0; j < 6; j++)
                    d[(i * 6 + j) * stride] = row[j];
            return;
        }
        for (int i = 0; i < 6; i++)
        {
            int y = y0 + i;
            for (int j = 0; j < 6; j++)
            {
                int x = x0 + j;
                d[(i * 6 + j) * stride] = (uint)y < (uint)height && (uint)x < (uint)width ? plane[(nint)y * width + x] : 0f;
            }
        }
    }

    /// <summary>Stores point k of r (r[k·width], <paramref name="lanes"/> valid lanes) at dst[k·stride].</summary>
    private static void Store(float* r, float* dst, nint stride, int lanes, int width)
    {
        for (int k = 0; k < Points; k++)
        {
            if (lanes == width)
                Unsafe.WriteUnaligned(dst + k * stride, Unsafe.ReadUnaligned<Vector<float>>(r + k * width));
            else
                for (int l = 0; l < lanes; l++)
                    dst[k * stride + l] = r[k * width + l];
        }
    }

    private static void Load(float* src, nint stride, float* s, int width)
    {
        for (int k = 0; k < Points; k++)
            Unsafe.WriteUnaligned(s + k * width, Unsafe.ReadUnaligned<Vector<float>>(src + k * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> At(float* a, int k, int width) => Unsafe.ReadUnaligned<Vector<float>>(a + k * width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* a, int k, int width, Vector<float> value) => Unsafe.WriteUnaligned(a + k * width, value);

    /// <summary>r (6×6) = G g Gᵀ for g (3×3), lane-wise.</summary>
    private static void WeightTile(float* g, float* r, int width)
    {
        float* t = stackalloc float[18 * Vector<float>.Count];
        for (int j = 0; j < 3; j++) // columns: t = G g (6×3)
            WeightLine(At(g, j, width), At(g, 3 + j, width), At(g, 6 + j, width), t, j, 3, width);
        for (int i = 0; i < 6; i++) // rows: r = t Gᵀ
            WeightLine(At(t, i * 3, width), At(t, i * 3 + 1, width), At(t, i * 3 + 2, width), r, i * 6, 1, width);
    }

    /// <summary>G·(g0, g1, g2) into a[at + i·step], i = 0..5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightLine(Vector<float> g0, Vector<float> g1, Vector<float> g2, float* a, int at, int step, int width)
    {
        Vector<float> sum = g0 + g2, q = g0 * (1f / 24f) + g2 * (1f / 6f), r = g1 * (1f / 12f);
        Put(a, at, width, g0 * 0.25f);
        Put(a, at + step, width, (sum + g1) * (-1f / 6f));
        Put(a, at + 2 * step, width, (sum - g1) * (-1f / 6f));
        Put(a, at + 3 * step, width, q + r);
        Put(a, at + 4 * step, width, q - r);
        Put(a, at + 5 * step, width, g2);
    }

    /// <summary>r (6×6) = Bᵀ d B for d (6×6), lane-wise.</summary>
    private static void InputTile(float* d, float* r, int width)
    {
        float* t = stackalloc float[Points * Vector<float>.Count];
        for (int j = 0; j < 6; j++) // columns: t = Bᵀ d
            InputLine(d, j, 6, t, width);
        for (int i = 0; i < 6; i++) // rows: r = t B
            InputLine(t, i * 6, 1, r, width);
    }

    /// <summary>Bᵀ·(a[at + i·step], i = 0..5) into r at the same places.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputLine(float* a, int at, int step, float* r, int width)
    {
        Vector<float> d0 = At(a, at, width), d1 = At(a, at + step, width), d2 = At(a, at + 2 * step, width);
        Vector<float> d3 = At(a, at + 3 * step, width), d4 = At(a, at + 4 * step, width), d5 = At(a, at + 5 * step, width);
        Vector<float> e = d4 - d2 * 4f, f = d3 - d1 * 4f, h = d4 - d2, k = (d3 - d1) * 2f;
        Put(r, at, width, d0 * 4f - d2 * 5f + d4);
        Put(r, at + step, width, e + f);
        Put(r, at + 2 * step, width, e - f);
        Put(r, at + 3 * step, width, h + k);
        Put(r, at + 4 * step, width, h - k);
        Put(r, at + 5 * step, width, d1 * 4f - d3 * 5f + d5);
    }

    /// <summary>y (4×4) = Aᵀ s A for s (6×6), lane-wise.</summary>
    private static void OutputTile(float* s, float* y, int width)
    {
        float* t = stackalloc float[24 * Vector<float>.Count];
        for (int j = 0; j < 6; j++) // columns: t = Aᵀ s (4×6)
            OutputLine(At(s, j, width), At(s, 6 + j, width), At(s, 12 + j, width), At(s, 18 + j, width),
                At(s, 24 + j, width), At(s, 30 + j, width), t, j, 6, width);
        for (int i = 0; i < 4; i++) // rows: y = t A
            OutputLine(At(t, i * 6, width), At(t, i * 6 + 1, width), At(t, i * 6 + 2, width), At(t, i * 6 + 3, width),
                At(t, i * 6 + 4, width), At(t, i * 6 + 5, width), y, i * 4, 1, width);
    }

    /// <summary>Aᵀ·(m0 … m5) into a[at + i·step], i = 0..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputLine(Vector<float> m0, Vector<float> m1, Vector<float> m2, Vector<float> m3, Vector<float> m4,
        Vector<float> m5, float* a, int at, int step, int width)
    {
        Vector<float> s1 = m1 + m2, d1 = m1 - m2, s2 = m3 + m4, d2 = m3 - m4;
        Put(a, at, width, m0 + s1 + s2);
        Put(a, at + step, width, d1 + d2 * 2f);
        Put(a, at + 2 * step, width, s1 + s2 * 4f);
        Put(a, at + 3 * step, width, d1 + d2 * 8f + m5);
    }
}

/// <summary>
/// Per-thread pinned scratch buffers of <see cref="WinogradConv"/> (transformed weight, input tiles and products). They
/// only grow, to the largest need seen, so a training step does not allocate; worker threads of one call use the
/// calling thread's buffers through their pointers.
/// </summary>
internal static unsafe class WinogradWorkspace
{
    private const int Slots = 3;

    [ThreadStatic]
    private static float[]?[]? t_buffers;

    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> floats, contents undefined, valid until the next request for the slot on this thread.</summary>
    public static float* Get(int slot, long length)
    {
        float[]?[] buffers = t_buffers ??= new float[]?[Slots];
        return GemmWorkspace.Aligned(ref buffers[slot], length);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

// The weight gradient of WinogradConv (see its doc comment): with Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A per tile,
// dg = Gᵀ [Σ_tiles (Bᵀ d B) ⊙ (A dY Aᵀ)] G.
internal static unsafe partial class WinogradConv
{
    /// <summary>
    /// Whether <see cref="Conv2dPlan"/> should choose it for the weight gradient: where it was measured faster than
    /// im2col + GEMM (single thread, docs/benchmarks.md): at least <see cref="MinChannels"/> input and output channels
    /// and an output plane of at least <see cref="MinWeightPlane"/>²; for 4×4 filters at least
    /// <see cref="MinGradientChannels4x4"/> channels and a <see cref="MinWeightPlane4x4"/>² output (1.2–2.0× there;
    /// 0.2–1.1× below 23², 0.6–1.3× with 16–128 channels).
    /// </summary>
    public static bool IsWorthwhileBackwardWeight(in Conv2dGeometry g)
        => Applies(g) && (g.KernelH == 3
            ? g.InChannels >= MinChannels && g.OutChannels >= MinChannels && g.OutHeight >= MinWeightPlane && g.OutWidth >= MinWeightPlane
            : Math.Min(g.InChannels, g.OutChannels) >= MinGradientChannels4x4 && Math.Min(g.OutHeight, g.OutWidth) >= MinWeightPlane4x4);

    /// <summary>Smallest output height and width for which the plan chooses Winograd for the weight gradient.</summary>
    internal const int MinWeightPlane = 16;

    /// <summary>
    /// gradWeight += the weight gradient, Gᵀ [Σ over the tiles of all images of (Bᵀ d B) ⊙ (A dY Aᵀ)] G; = it with
    /// <paramref name="overwrite"/> (each element is written once, at the end, so the old contents are never read).
    /// </summary>
    public static void BackwardWeightAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        in Conv2dGeometry g, bool overwrite = false)
    {
        fixed (float* pInput = input, pGradOutput = gradOutput, pGradWeight = gradWeight)
        {
            var p = new Problem(pInput, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.PadH, g.PadW,
                pGradWeight, g.OutChannels, g.InChannels, backward: false, pGradOutput, g.OutChannels, g.OutHeight, g.OutWidth, TileOf(g),
                overwrite);
            if (g.KernelH == 3)
                RunWeightGradient<F4x3>(p);
            else
                RunWeightGradient<F3x4>(p);
        }
    }

    /// <summary>
    /// Where the matrices of a point t live for the weight gradient. The products are Z[t] (Cout × Cin) = W[t] (Cout ×
    /// tiles) · V[t]ᵀ (tiles × Cin), the depth being the tiles. W[t] is stored as packed A panels: panel i (Mr output
    /// channels) at i·Chunk·Mr, element (co, tile) at tile·Mr + co mod Mr. V[t] as packed B panels: panel j (Nr input
    /// channels) at j·Chunk·Nr, element (tile, ci) at tile·Nr + ci mod Nr. Z[t] is row-major with row stride Ld (Cin
    /// rounded up to Nr) and kept over all chunks.
    /// </summary>
    private readonly struct GradLayout(int mr, int nr, int chunk, int rowPanels, int columnPanels, long wStride, long vStride, long zStride)
    {
        public int Mr { get; } = mr;

        public int Nr { get; } = nr;

        public int Chunk { get; } = chunk;

        public int RowPanels { get; } = rowPanels;

        public int ColumnPanels { get; } = columnPanels;

        public int Ld => ColumnPanels * Nr;

        public long WStride { get; } = wStride;

        public long VStride { get; } = vStride;

        public long ZStride { get; } = zStride;
    }

    private static void RunWeightGradient<TV>(in Problem p)
        where TV : struct, IWinogradVariant
    {
        var shape = new GemmShape();
        SimdPaths.Run(ref shape);
        int mr = shape.Mr, nr = shape.Nr;
        if (nr % Vector<float>.Count != 0)
            throw new PlatformNotSupportedException(
                $"Winograd needs the GEMM tile width ({nr}) to be a multiple of Vector<float>.Count ({Vector<float>.Count}); unset DOTNET_PreferredVectorBitWidth.");
        int cin = p.SrcC, cout = p.DstC;
        int totalTiles = p.Batch * p.TilesPerImage;
        int chunk = TilesPerChunk(Math.Max(cin, cout), totalTiles, TV.ChunkFloats);
        int rowPanels = (cout + mr - 1) / mr, columnPanels = (cin + nr - 1) / nr;
        var layout = new GradLayout(mr, nr, chunk, rowPanels, columnPanels, SpreadStride((long)rowPanels * mr * chunk),
            SpreadStride((long)columnPanels * nr * chunk), SpreadStride((long)rowPanels * mr * columnPanels * nr));
        float* v = WinogradWorkspace.Get(0, Points * layout.VStride);
        // The whole Z (36·Cout·Cin: 19 MB for the PatchGAN's 256→512 layer) only when the tiles take several chunks; in
        // one chunk each work item keeps its own rows of Z (MultiplyAndTransformForGradient).
        float* z = chunk < totalTiles ? WinogradWorkspace.Get(1, Points * layout.ZStride) : null;
        int* tileTable = (int*)WinogradWorkspace.Get(2, 3L * chunk);
        // The whole W likewise only over several chunks (in one, each item transforms its own output channels).
        float* w = chunk < totalTiles ? WinogradWorkspace.Get(3, Points * layout.WStride) : null;
        // The channels that pad the last panels are never written by the transforms: zeros, once per call.
        if (w != null)
            ClearPanelPadding(w, layout.WStride, (rowPanels - 1) * mr * chunk, chunk, mr, cout - (rowPanels - 1) * mr);
        ClearPanelPadding(v, layout.VStride, (columnPanels - 1) * nr * chunk, chunk, nr, cin - (columnPanels - 1) * nr);
        for (int t0 = 0; t0 < totalTiles; t0 += chunk)
        {
            int tiles = Math.Min(chunk, totalTiles - t0);
            FillTileTable(p, t0, tiles, tileTable);
            TransformInputForGradient(p, layout, tileTable, tiles, v);
            if (tiles == totalTiles)
            {
                // One chunk: each item transforms, multiplies and transforms back its own rows, W and Z per thread.
                MultiplyAndTransformForGradient<TV>(p, layout, tileTable, v, tiles);
                return;
            }
            TransformOutputGradient<TV>(p, layout, tileTable, tiles, w);
            MultiplyForGradient(p, layout, w, v, z, tiles, accumulate: t0 > 0);
        }
        TransformWeightGradient<TV>(p, layout, z, layout.ZStride, 0, p.DstC);
    }

    /// <summary>
    /// The single-chunk case: work items = blocks of output channels (as <see cref="RowsPerItem"/>: 36 points of Z
    /// within about 1 MB), each transforming its channels' output gradient (W, A dY Aᵀ) into a per-thread buffer of packed
    /// panels, computing Z[t] for its rows into another and adding Gᵀ Z G to gradWeight, so neither W (36·Cout·tiles)
    /// nor Z (36·Cout·Cin) is kept whole. Each element of W and Z is the same sum as in the chunked case.
    /// </summary>
    private static void MultiplyAndTransformForGradient<TV>(Problem p, GradLayout layout, int* tileTable, float* v, int tiles)
        where TV : struct, IWinogradVariant
    {
        int mr = layout.Mr;
        int rowsPerItem = RowsPerItem(layout.Ld, p.DstC, mr, TV.ItemFloats);
        int items = (p.DstC + rowsPerItem - 1) / rowsPerItem;
        long zStride = SpreadStride((long)rowsPerItem * layout.Ld);
        int itemPanels = (rowsPerItem + mr - 1) / mr;
        var itemLayout = new GradLayout(mr, layout.Nr, layout.Chunk, itemPanels, layout.ColumnPanels,
            SpreadStride((long)itemPanels * mr * layout.Chunk), layout.VStride, layout.ZStride);
        SimdPath path = SimdPaths.Current;
        Parallelism.ForIfWorthwhile(items, (long)Points * p.DstC * p.SrcC * tiles, item =>
        {
            int firstRow = item * rowsPerItem, rows = Math.Min(rowsPerItem, p.DstC - firstRow);
            int panels = (rows + mr - 1) / mr;
            float* w = WinogradWorkspace.Get(3, Points * itemLayout.WStride);
            float* z = WinogradWorkspace.Get(5, Points * zStride);
            // Channel c's panel lanes at (c − firstRow) in this item's panels (firstRow is a multiple of Mr).
            ClearPanelPadding(w, itemLayout.WStride, (long)(panels - 1) * mr * layout.Chunk, layout.Chunk, mr, rows - (panels - 1) * mr);
            float* wOrigin = w - (long)firstRow * layout.Chunk;
            for (int co = firstRow; co < firstRow + rows; co++)
                TransformOutputGradientChannel<TV>(p, itemLayout, co, tileTable, tiles, wOrigin);
            for (int t = 0; t < Points; t++)
                SimdPaths.Run(path, new GradientProducts(w + t * itemLayout.WStride, panels,
                    v + t * layout.VStride, layout.ColumnPanels, z + t * zStride, layout.Ld, layout.Chunk, tiles, accumulate: false));
            for (int co = firstRow; co < firstRow + rows; co++)
                TransformWeightGradientRow<TV>(p, layout, co, z + (long)(co - firstRow) * layout.Ld, zStride);
        });
    }

    /// <summary>Zeros lanes [valid, width) of the <paramref name="depth"/> rows of the panel at <paramref name="panel"/>, for all 36 points.</summary>
    private static void ClearPanelPadding(float* buffer, long stride, long panel, int depth, int width, int valid)
    {
        if (valid == width)
            return;
        for (int t = 0; t < Points; t++)
            for (int k = 0; k < depth; k++)
                new Span<float>(buffer + t * stride + panel + (long)k * width + valid, width - valid).Clear();
    }

    /// <summary>V[t] = (Bᵀ d B)[t] for every input channel and tile of the chunk, into the packed B panels of the weight gradient.</summary>
    private static void TransformInputForGradient(Problem p, GradLayout layout, int* tileTable, int tiles, float* v)
        => Parallelism.ForIfWorthwhile(p.SrcC, (long)p.SrcC * tiles * 200,
            c => TransformInputChannelForGradient(p, layout, c, tileTable, tiles, v));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformInputChannelForGradient(in Problem p, in GradLayout layout, int c, int* tileTable, int tiles, float* v)
    {
        int width = Vector<float>.Count, nr = layout.Nr;
        float* d = stackalloc float[Points * Vector<float>.Count];
        float* r = stackalloc float[Points * Vector<float>.Count];
        float* t = stackalloc float[Points * Vector<float>.Count];
        float* plane0 = p.Src + (long)c * p.SrcH * p.SrcW;
        float* dst = v + (long)(c / nr) * layout.Chunk * nr + c % nr;
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
                int* tile = tileTable + 3 * (i0 + l);
                float* plane = plane0 + (long)tile[0] * p.SrcC * p.SrcH * p.SrcW;
                LoadPatch(plane, p.SrcH, p.SrcW, tile[1] - p.PadH, tile[2] - p.PadW, d + l, width);
            }
            InputTile(d, r, t, width);
            Scatter(r, dst + (long)i0 * nr, layout.VStride, nr, lanes, width);
        }
    }

    /// <summary>W[t] = (A dY Aᵀ)[t] for every output channel and tile of the chunk (dY zero outside the plane), into packed A panels.</summary>
    private static void TransformOutputGradient<TV>(Problem p, GradLayout layout, int* tileTable, int tiles, float* w)
        where TV : struct, IWinogradVariant
        => Parallelism.ForIfWorthwhile(p.DstC, (long)p.DstC * tiles * 200,
            c => TransformOutputGradientChannel<TV>(p, layout, c, tileTable, tiles, w));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformOutputGradientChannel<TV>(in Problem p, in GradLayout layout, int c, int* tileTable, int tiles, float* w)
        where TV : struct, IWinogradVariant
    {
        int width = Vector<float>.Count, mr = layout.Mr, size = TV.Tile;
        float* d = stackalloc float[16 * Vector<float>.Count];
        float* r = stackalloc float[Points * Vector<float>.Count];
        float* t = stackalloc float[24 * Vector<float>.Count];
        float* plane0 = p.Dst + (long)c * p.DstH * p.DstW;
        float* dst = w + (long)(c / mr) * layout.Chunk * mr + c % mr;
        for (int i0 = 0; i0 < tiles; i0 += width)
        {
            int lanes = Math.Min(width, tiles - i0);
            for (int l = 0; l < width; l++)
            {
                int rows = 0, cols = 0;
                float* plane = null;
                if (l < lanes)
                {
                    int* tile = tileTable + 3 * (i0 + l);
                    rows = Math.Min(size, p.DstH - tile[1]);
                    cols = Math.Min(size, p.DstW - tile[2]);
                    plane = plane0 + (long)tile[0] * p.DstC * p.DstH * p.DstW + (nint)tile[1] * p.DstW + tile[2];
                }
                for (int i = 0; i < size; i++)
                    for (int j = 0; j < size; j++)
                        d[(i * size + j) * width + l] = i < rows && j < cols ? plane[(nint)i * p.DstW + j] : 0f;
            }
            TV.GradientTile(d, r, t, width);
            Scatter(r, dst + (long)i0 * mr, layout.WStride, mr, lanes, width);
        }
    }

    /// <summary>Lane l of point k of r (r[k·width + l]) to dst[k·pointStride + l·laneStride], for the first <paramref name="lanes"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(float* r, float* dst, long pointStride, int laneStride, int lanes, int width)
    {
        for (int k = 0; k < Points; k++)
        {
            float* to = dst + k * pointStride;
            float* from = r + k * width;
            for (int l = 0; l < lanes; l++)
                to[(nint)l * laneStride] = from[l];
        }
    }

    /// <summary>
    /// Z[t] (+)= W[t]·V[t]ᵀ for the 36 points, the depth (the chunk's tiles) in slices of <see cref="GemmDriver.Kc"/>, in
    /// order. Work items: a point and a block of row panels; every element of Z is the same micro-kernel sum whichever
    /// item computes it, so the blocking may follow <see cref="Parallelism.Degree"/>.
    /// </summary>
    private static void MultiplyForGradient(Problem p, GradLayout layout, float* w, float* v, float* z, int tiles, bool accumulate)
    {
        int threads = Parallelism.Degree;
        // At least 4 items per thread once there are more than 9 threads; one block of all rows per point below.
        int blocks = Math.Clamp((4 * threads + Points - 1) / Points, 1, layout.RowPanels);
        int panelsPerBlock = (layout.RowPanels + blocks - 1) / blocks;
        blocks = (layout.RowPanels + panelsPerBlock - 1) / panelsPerBlock;
        SimdPath path = SimdPaths.Current;
        Parallelism.ForIfWorthwhile(Points * blocks, (long)Points * p.DstC * p.SrcC * tiles, item =>
        {
            int t = item / blocks, block = item - t * blocks;
            int first = block * panelsPerBlock, count = Math.Min(panelsPerBlock, layout.RowPanels - first);
            SimdPaths.Run(path, new GradientProducts(w + t * layout.WStride + (long)first * layout.Chunk * layout.Mr, count,
                v + t * layout.VStride, layout.ColumnPanels, z + t * layout.ZStride + (long)first * layout.Mr * layout.Ld,
                layout.Ld, layout.Chunk, tiles, accumulate));
        });
    }

    /// <summary>One point's block of Z: every row panel of W times every column panel of V, by slices of depth.</summary>
    private readonly struct GradientProducts(float* w, int rowPanels, float* v, int columnPanels, float* z, int ld, int chunk,
        int depth, bool accumulate) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            int mr = GemmMicroKernel<TSimd, TVec>.Mr, nr = GemmMicroKernel<TSimd, TVec>.Nr;
            for (int j = 0; j < columnPanels; j++)
            {
                float* bPanel = v + (long)j * chunk * nr;
                for (int i = 0; i < rowPanels; i++)
                {
                    float* aPanel = w + (long)i * chunk * mr;
                    float* c = z + (long)i * mr * ld + j * nr;
                    for (int pc = 0; pc < depth; pc += GemmDriver.Kc)
                        GemmMicroKernel<TSimd, TVec>.Run(Math.Min(GemmDriver.Kc, depth - pc), aPanel + (long)pc * mr,
                            bPanel + (long)pc * nr, c, ld, add: accumulate || pc > 0);
                }
            }
        }
    }

    /// <summary>gradWeight[co, ci] += Gᵀ Z[co, ci] G (6×6 → 3×3), work items = output channels, lanes = input channels.</summary>
    private static void TransformWeightGradient<TV>(Problem p, GradLayout layout, float* z, long zStride, int firstRow, int rows)
        where TV : struct, IWinogradVariant
        => Parallelism.ForIfWorthwhile(rows, (long)rows * p.SrcC * 200,
            i => TransformWeightGradientRow<TV>(p, layout, firstRow + i, z + (long)(firstRow + i) * layout.Ld, zStride));

    /// <summary>gradWeight[co, ·] += (or =, <see cref="Problem.OverwriteWeight"/>) Gᵀ Z G for the row of Z at <paramref name="row"/> (points <paramref name="zStride"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformWeightGradientRow<TV>(in Problem p, in GradLayout layout, int co, float* row, long zStride)
        where TV : struct, IWinogradVariant
    {
        int width = Vector<float>.Count, cin = p.SrcC, taps = TV.Kernel * TV.Kernel;
        float* s = stackalloc float[Points * Vector<float>.Count];
        float* t = stackalloc float[24 * Vector<float>.Count];
        float* r = stackalloc float[16 * Vector<float>.Count];
        float* gradRow = p.Weight + (long)co * cin * taps;
        for (int c0 = 0; c0 < cin; c0 += width)
        {
            int lanes = Math.Min(width, cin - c0);
            Load(row + c0, (nint)zStride, s, width);
            TV.FilterGradientTile(s, t, r, width);
            for (int l = 0; l < lanes; l++)
            {
                float* to = gradRow + (long)(c0 + l) * taps;
                if (p.OverwriteWeight)
                {
                    for (int k = 0; k < taps; k++)
                        to[k] = r[k * width + l];
                }
                else
                {
                    for (int k = 0; k < taps; k++)
                        to[k] += r[k * width + l];
                }
            }
        }
    }
}


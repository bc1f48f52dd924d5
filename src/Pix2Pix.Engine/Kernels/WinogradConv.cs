using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Stride-1 3×3 convolutions by Winograd's minimal filtering F(4×4, 3×3) (Lavin &amp; Gray 2016)
/// (<see cref="ConvAlgorithm.Winograd"/>; chosen by <see cref="Conv2dPlan"/> for the forward, the data gradient and the
/// weight gradient of layers with many channels, such as the resnet blocks), and stride-1 4×4 ones by F(3×3, 4×4) (see
/// the last paragraph). The output is cut into 4×4 tiles, each computed from a 6×6
/// input tile as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, where g is a 3×3 filter and d the input tile (zero outside the image,
/// which covers the padding and the partial tiles at the right and bottom edges; the outputs of a partial tile that
/// fall outside the plane are dropped). Summed over input channels the element-wise product becomes 36 independent
/// matrix products, one per point t of the 6×6 transformed tile: M[t] (Cout × tiles) = U[t] (Cout × Cin) · V[t]
/// (Cin × tiles). That is 36 multiply-adds per 16 outputs per channel pair instead of 144 (4× fewer), plus the transforms.
/// <para>
/// One call runs chunk by chunk of tiles (the tiles of all images of the batch, image by image, row by row; a chunk
/// keeps V at about 4 MB), in two parallel phases:
/// (1) the input transform V = Bᵀ d B, work items = input channels, written straight into the GEMM's packed B panels;
/// (2) the products, work items = blocks of result rows (a multiple of the micro-tile height, about 1 MB of transformed
/// weight): each item transforms its rows of the weight, U = G g Gᵀ for all 36 points, into a per-thread buffer laid
/// out as packed A panels, then runs the <see cref="GemmMicroKernel{TSimd, TVec}"/> over them and V's panels — so the
/// transformed weight (4× the weight) is written and read in cache and nothing is repacked; the item's rows of M, for
/// all 36 points, go to another per-thread buffer, and the item ends with the output transform Y += Aᵀ M A of its
/// output channels, added to the destination while M is in cache (a whole M, 9 MB for the PatchGAN layer, is never
/// kept).
/// The transforms use only additions and multiplications by constants — never a fused multiply-add — vectorised over
/// independent tiles or filter rows with <see cref="Vector{T}"/>. Every output element is computed by one work item in
/// a fixed order (the products sum the depth in slices of <see cref="GemmDriver.Kc"/>, in order), so results do not
/// depend on <see cref="Parallelism.Degree"/>. The 36 matrices of each phase lie an odd number of cache lines apart
/// (<see cref="SpreadStride"/>): at a power-of-two distance the transforms' 36 streams thrash one L1 set.
/// </para>
/// <para>
/// The data gradient of a stride-1 3×3 convolution with padding p ≤ 2 is itself one: the output gradient, padded by
/// 2 − p, correlated with the weight rotated by 180° with Cin and Cout swapped. It runs through the same machinery (the
/// weight transform reads the filters rotated and transposed) and accumulates into the input gradient.
/// </para>
/// <para>
/// The weight gradient (WinogradWeightGrad.cs) differentiates the same tile formula: dg = Gᵀ [Σ over the tiles of all
/// images of (Bᵀ d B) ⊙ (A dY Aᵀ)] G. Per chunk of tiles, (1) the input transform (as above) and (2) the output-gradient
/// transform A dY Aᵀ (4×4 → 6×6, dY zero outside the plane), work items = channels, are written straight into packed B
/// panels (V[t]ᵀ: depth = tiles, columns = input channels) and packed A panels (W[t]: rows = output channels,
/// depth = tiles); (3) the 36 products Z[t] (Cout × Cin) = W[t]·V[t]ᵀ run through the micro-kernel, the tiles summed
/// in its depth in slices of <see cref="GemmDriver.Kc"/>, in order, chunk after chunk, so the reduction never depends
/// on the thread count; (4) gradWeight += Gᵀ Z G (6×6 → 3×3), lanes = input channels. With one chunk (most layers)
/// (3) and (4) are fused: work items = blocks of output channels with their Z in a per-thread buffer of about 1 MB;
/// otherwise Z is kept whole over the chunks. Chosen from 32 channels and a 16² output plane
/// (<see cref="IsWorthwhileBackwardWeight"/>; 1.8–2× im2col on the resnet block, single thread).
/// </para>
/// <para>
/// Accuracy: the transforms multiply by up to 8 (Aᵀ) and 5 (Bᵀ) and divide by 6 and 24 (G), and a tile's rounding
/// errors spread over all its 16 outputs, so the error is about ten times a direct sum's: measured against a
/// double-precision reference on shapes of 1–300 channels and 1–70² planes it stays below 2.1·10⁻⁶ of Σ|w||x| (the
/// largest such sum in the output's 4×4 tile), against im2col's 2.2·10⁻⁷; the weight gradient below 1.4·10⁻⁶ of
/// Σ|dy||x| (the largest of the filter's nine), against im2col's 2.2·10⁻⁷ (docs/benchmarks.md, "Winograd for the
/// resnet blocks"; bounded in WinogradKernelTests).
/// </para>
/// <para>
/// F(3×3, 4×4) for stride-1 4×4 layers (the basic PatchGAN's 256→512, 32² → 31² in pix2pix) runs through the same
/// three phases and the same weight-gradient scheme with 3×3 output tiles (3×3 output-gradient tiles) from the same
/// 6×6 input tiles: 36 multiply-adds per 9 outputs per channel pair instead of 144. Both variants use the points 0, ±1,
/// ±2, ∞, so Bᵀ is shared; G (6×4) and Aᵀ (3×6) are F(3×3, 4×4)'s own (tools/derive_winograd_f3x4.py derives them and
/// checks them exactly). The data gradient pads the output gradient by 3 − p (p ≤ 3). Each variant is a struct (F4x3,
/// F3x4; WinogradTransforms.cs) passed as a generic parameter, so each phase is compiled per variant with its
/// transforms called directly — the 3×3 path runs exactly the arithmetic it did before. F(3×3, 4×4) chunks 4× as many
/// tiles and blocks 4× as many rows per work item (its transformed weight is rebuilt per chunk: the PatchGAN layer's
/// 121 tiles in three chunks ran at 1.2× im2col, in one at 2.2×). Chosen, where measured faster (single thread,
/// docs/benchmarks.md, "F(3×3, 4×4) for the PatchGAN's stride-1 layer"), for the forward from 32 channels and a 15²
/// output, for the data gradient from 256 channels and a 24² input, for the weight gradient from 256 channels and a 23²
/// output: D's layer at 31² takes all three (forward ≈ 2×, data gradient ≈ 2×, weight gradient ≈ 1.4× im2col), at
/// 15² (CycleGAN) the forward only. (The data gradient's weight gather reads the filters with a stride of Cin·r² floats,
/// which the hardware prefetchers do not follow across pages, so it prefetches them in software — without that, 4× the
/// forward's gather; for both variants.) Error, measured as above on 19 shapes (1–300 channels, 1–70² planes, pad 0–3):
/// forward 1.3·10⁻⁶, data gradient 3.7·10⁻⁶, weight gradient 2.3·10⁻⁶ (im2col's 2.1·10⁻⁷, 7.2·10⁻⁸, 2.3·10⁻⁷).
/// </para>
/// Layouts as <see cref="Conv2dKernels"/>. No checks.
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static unsafe partial class WinogradConv
{
    /// <summary>Points of a transformed tile (6×6).</summary>
    private const int Points = 36;

    /// <summary>How many output channels ahead the data gradient's weight gather prefetches.</summary>
    private const int PrefetchDepth = 8;

    /// <summary>Target size of one chunk's transformed tiles (of the wider of input and output channels), in floats.</summary>
    private const int ChunkFloats = 1 << 20;

    /// <summary>
    /// Whether the algorithm computes <paramref name="g"/>: 3×3 (F(4×4, 3×3)) or 4×4 (F(3×3, 4×4)), stride 1, padding at
    /// most kernel − 1 on each side (so that the data gradient's padding, kernel − 1 − pad, is not negative).
    /// </summary>
    public static bool Applies(in Conv2dGeometry g)
        => g.KernelH == g.KernelW && (g.KernelH == 3 || g.KernelH == 4) && g.StrideH == 1 && g.StrideW == 1
            && g.PadH < g.KernelH && g.PadW < g.KernelW;

    /// <summary>
    /// Whether <see cref="Conv2dPlan"/> should choose it for the forward: where it was measured faster than im2col +
    /// GEMM (single thread, docs/benchmarks.md): at least <see cref="MinChannels"/> input and output channels and an
    /// output plane of at least <see cref="MinForwardPlane"/>² (16–512 channels at 8²–12² lose by up to 2.3×); for
    /// 4×4 filters at least <see cref="MinForwardPlane4x4"/>² (1.4–2.6× from there, 0.4–1.0× at 5²–7² outputs).
    /// </summary>
    public static bool IsWorthwhileForward(in Conv2dGeometry g)
        => Applies(g) && g.InChannels >= MinChannels && g.OutChannels >= MinChannels
            && Math.Min(g.OutHeight, g.OutWidth) >= (g.KernelH == 3 ? MinForwardPlane : MinForwardPlane4x4);

    /// <summary>
    /// The same for the data gradient, whose tiles cover the input plane: at least <see cref="MinChannels"/> channels
    /// and an input plane of at least <see cref="MinDataPlane"/>² (below it the padded tiles and the transforms cost
    /// more than they save: 0.4–1.05× at 8²–24²). For 4×4 filters at least <see cref="MinGradientChannels4x4"/>
    /// channels and a <see cref="MinDataPlane4x4"/>² input (1.2–2.5× there; 0.4–1.3× below 24², and 64–128 channels
    /// win or lose from run to run).
    /// </summary>
    public static bool IsWorthwhileBackwardData(in Conv2dGeometry g)
        => Applies(g) && (g.KernelH == 3
            ? g.InChannels >= MinChannels && g.OutChannels >= MinChannels && g.InHeight >= MinDataPlane && g.InWidth >= MinDataPlane
            : Math.Min(g.InChannels, g.OutChannels) >= MinGradientChannels4x4 && Math.Min(g.InHeight, g.InWidth) >= MinDataPlane4x4);

    /// <summary>Fewest input and output channels for which the plan chooses Winograd.</summary>
    internal const int MinChannels = 32;

    /// <summary>Smallest output height and width for which the plan chooses Winograd for the forward.</summary>
    internal const int MinForwardPlane = 16;

    /// <summary>Smallest input height and width for which the plan chooses Winograd for the data gradient.</summary>
    internal const int MinDataPlane = 32;

    /// <summary>Smallest output height and width for which the plan chooses F(3×3, 4×4) for the forward (a 16² input at pad 1).</summary>
    internal const int MinForwardPlane4x4 = 15;

    /// <summary>Fewest input and output channels for which the plan chooses F(3×3, 4×4) for the data and the weight gradient.</summary>
    internal const int MinGradientChannels4x4 = 256;

    /// <summary>Smallest input height and width for which the plan chooses F(3×3, 4×4) for the data gradient.</summary>
    internal const int MinDataPlane4x4 = 24;

    /// <summary>Smallest output height and width for which the plan chooses F(3×3, 4×4) for the weight gradient (a 24² input at pad 1).</summary>
    internal const int MinWeightPlane4x4 = 23;

    /// <summary>output += conv(input, weight).</summary>
    public static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output,
        in Conv2dGeometry g)
    {
        fixed (float* pInput = input, pWeight = weight, pOutput = output)
        {
            var p = new Problem(pInput, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.PadH, g.PadW,
                pWeight, g.OutChannels, g.InChannels, backward: false, pOutput, g.OutChannels, g.OutHeight, g.OutWidth, TileOf(g));
            if (g.KernelH == 3)
                Run<F4x3>(p);
            else
                Run<F3x4>(p);
        }
    }

    /// <summary>gradInput += the data gradient: gradOutput padded by kernel − 1 − pad, correlated with the rotated, transposed weight.</summary>
    public static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in Conv2dGeometry g)
    {
        fixed (float* pGradOutput = gradOutput, pWeight = weight, pGradInput = gradInput)
        {
            int r = g.KernelH;
            var p = new Problem(pGradOutput, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, r - 1 - g.PadH, r - 1 - g.PadW,
                pWeight, g.OutChannels, g.InChannels, backward: true, pGradInput, g.InChannels, g.InHeight, g.InWidth, TileOf(g));
            if (r == 3)
                Run<F4x3>(p);
            else
                Run<F3x4>(p);
        }
    }

    /// <summary>The output tile's size of <paramref name="g"/>'s variant: 4 for 3×3 filters, 3 for 4×4 ones.</summary>
    private static int TileOf(in Conv2dGeometry g) => 7 - g.KernelH;

    /// <summary>
    /// One stride-1 r×r correlation (r = 7 − Tile): Src [Batch, SrcC, SrcH, SrcW] zero-padded by (PadH, PadW), Dst
    /// [Batch, DstC, DstH, DstW] accumulated, in Tile×Tile output tiles. The weight is [WeightOut, WeightIn, r, r];
    /// forward: SrcC = WeightIn, DstC = WeightOut; backward: rotated by 180°, SrcC = WeightOut, DstC = WeightIn.
    /// </summary>
    private readonly struct Problem(float* src, int batch, int srcC, int srcH, int srcW, int padH, int padW,
        float* weight, int weightOut, int weightIn, bool backward, float* dst, int dstC, int dstH, int dstW, int tile,
        bool overwriteWeight = false)
    {
        public readonly float* Src = src, Weight = weight, Dst = dst;
        public readonly int Batch = batch, SrcC = srcC, SrcH = srcH, SrcW = srcW, PadH = padH, PadW = padW;
        public readonly int WeightOut = weightOut, WeightIn = weightIn, DstC = dstC, DstH = dstH, DstW = dstW;
        public readonly bool Backward = backward;

        /// <summary>Weight gradient only: write it instead of adding to it (every element is written once).</summary>
        public readonly bool OverwriteWeight = overwriteWeight;
        public readonly int Tile = tile;

        public int TilesX => (DstW + Tile - 1) / Tile;

        public int TilesPerImage => (DstH + Tile - 1) / Tile * TilesX;
    }

    /// <summary>
    /// Tiles per chunk: the transformed tiles of the wider side (V, or the chunk's products) of about
    /// <paramref name="chunkFloats"/> (<see cref="ChunkFloats"/> for F(4×4, 3×3),
    /// 4× that for F(3×3, 4×4)), chunks of equal size (a multiple of 16). A function of the shape only.
    /// </summary>
    internal static int TilesPerChunk(int channels, int tiles, int chunkFloats = ChunkFloats)
    {
        int target = Math.Max(16, chunkFloats / (Points * Math.Max(1, channels)));
        int chunks = (tiles + target - 1) / target;
        int perChunk = (tiles + chunks - 1) / chunks;
        return Math.Min(tiles, (perChunk + 15) / 16 * 16);
    }

    /// <summary>The tiles per chunk a call with <paramref name="kernel"/>×<paramref name="kernel"/> filters uses (for tests).</summary>
    internal static int TilesPerChunkOf(int kernel, int channels, int tiles)
        => TilesPerChunk(channels, tiles, kernel == 3 ? F4x3.ChunkFloats : F3x4.ChunkFloats);

    private static void Run<TV>(in Problem p)
        where TV : struct, IWinogradVariant
    {
        var shape = new GemmShape();
        SimdPaths.Run(ref shape);
        int mr = shape.Mr, nr = shape.Nr;
        if (nr % Vector<float>.Count != 0)
            throw new PlatformNotSupportedException(
                $"Winograd needs the GEMM tile width ({nr}) to be a multiple of Vector<float>.Count ({Vector<float>.Count}); unset DOTNET_PreferredVectorBitWidth.");
        int totalTiles = p.Batch * p.TilesPerImage;
        int chunk = TilesPerChunk(Math.Max(p.SrcC, p.DstC), totalTiles, TV.ChunkFloats);
        int ld = (chunk + nr - 1) / nr * nr;
        int rowsPerItem = RowsPerItem(p.SrcC, p.DstC, mr, TV.ItemFloats);
        var layout = new Layout(p.SrcC, p.DstC, mr, nr, ld,
            SpreadStride((long)p.SrcC * ld), SpreadStride((long)rowsPerItem * ld), rowsPerItem, SpreadStride((long)rowsPerItem * p.SrcC));
        float* v = WinogradWorkspace.Get(0, Points * layout.VStride);
        int* tileTable = (int*)WinogradWorkspace.Get(2, 3L * chunk);
        for (int t0 = 0; t0 < totalTiles; t0 += chunk)
        {
            int tiles = Math.Min(chunk, totalTiles - t0);
            FillTileTable(p, t0, tiles, tileTable);
            TransformInput(p, layout, tileTable, tiles, v);
            MultiplyAndTransformOutput<TV>(p, layout, v, tileTable, tiles);
        }
    }

    /// <summary>
    /// Result rows per product work item: a multiple of Mr whose transformed weights (36 points × rows × depth) stay
    /// within about <paramref name="budget"/> floats (1 MB, one L2, for both variants), so they are written and read in
    /// cache; fewer when that
    /// leaves less than 4 items per thread. The blocking does not change any result (every element is the same micro-kernel sum over the same
    /// panels, whichever item computes it), so it may follow <see cref="Parallelism.Degree"/>.
    /// </summary>
    private static int RowsPerItem(int depth, int rows, int mr, int budget)
    {
        int cached = budget / (Points * depth);
        int threads = Parallelism.Degree;
        int perThread = threads == 1 ? rows : (rows + 4 * threads - 1) / (4 * threads);
        return Math.Max(mr, Math.Min(cached, perThread) / mr * mr);
    }

    /// <summary>
    /// The distance between the 36 points' matrices, which the transforms read or write side by side: at least
    /// <paramref name="floats"/>, a whole and odd number of cache lines, so that the 36 streams fall in different cache
    /// sets (a power-of-two distance, 256·64 floats say, puts them all in one and thrashes L1).
    /// </summary>
    internal static long SpreadStride(long floats)
    {
        long lines = (floats + 15) / 16;
        return (lines | 1) * 16;
    }

    /// <summary>The GEMM micro-tile (Mr × Nr) of the current SIMD path.</summary>
    private struct GemmShape : ISimdKernel
    {
        public int Mr { get; private set; }

        public int Nr { get; private set; }

        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            Mr = GemmMicroKernel<TSimd, TVec>.Mr;
            Nr = GemmMicroKernel<TSimd, TVec>.Nr;
        }
    }

    /// <summary>
    /// Where the three matrices of a point t live. V[t] (Depth × Ld) is stored as the GEMM's packed B panels: column
    /// panel j (Nr tiles) at j·Depth·Nr, element (k, tile) at k·Nr + tile mod Nr. M[t] (rows padded to Mr × Ld) is
    /// row-major. A work item's transformed weight U[t] (ItemRows × Depth) is stored as packed A panels: panel i at
    /// i·Depth·Mr, element (row, k) at k·Mr + row mod Mr. The micro-kernel then runs on them as they are.
    /// </summary>
    private readonly struct Layout(int depth, int rows, int mr, int nr, int ld, long vStride, long mStride, int itemRows, long uStride)
    {
        public int Depth { get; } = depth;

        public int Rows { get; } = rows;

        public int Mr { get; } = mr;

        public int Nr { get; } = nr;

        /// <summary>Tiles of a chunk rounded up to whole column panels: the row stride of M.</summary>
        public int Ld { get; } = ld;

        public long VStride { get; } = vStride;

        public long MStride { get; } = mStride;

        public int ItemRows { get; } = itemRows;

        public long UStride { get; } = uStride;
    }

    /// <summary>For each tile of the chunk: its image, and the row and column of its top-left output.</summary>
    private static void FillTileTable(in Problem p, int t0, int tiles, int* table)
    {
        int tilesX = p.TilesX, tilesPerImage = p.TilesPerImage;
        int n = t0 / tilesPerImage, within = t0 - n * tilesPerImage;
        int ty = within / tilesX, tx = within - ty * tilesX;
        for (int i = 0; i < tiles; i++)
        {
            table[3 * i] = n;
            table[3 * i + 1] = ty * p.Tile;
            table[3 * i + 2] = tx * p.Tile;
            if (++tx == tilesX)
            {
                tx = 0;
                if (++ty * tilesX == tilesPerImage)
                {
                    ty = 0;
                    n++;
                }
            }
        }
    }

    /// <summary>V[t] = (Bᵀ d B)[t] for every input channel and tile of the chunk (zeros in the padding columns).</summary>
    private static void TransformInput(Problem p, Layout layout, int* tileTable, int tiles, float* v)
        => Parallelism.ForIfWorthwhile(p.SrcC, (long)p.SrcC * tiles * 200, c => TransformInputChannel(p, layout, c, tileTable, tiles, v));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformInputChannel(in Problem p, in Layout layout, int c, int* tileTable, int tiles, float* v)
    {
        int width = Vector<float>.Count, nr = layout.Nr;
        float* d = stackalloc float[Points * Vector<float>.Count];
        float* r = stackalloc float[Points * Vector<float>.Count];
        float* t = stackalloc float[Points * Vector<float>.Count];
        // Whole vectors of tiles lie within one column panel (Nr is a multiple of the vector width).
        for (int i0 = 0; i0 < layout.Ld; i0 += width)
        {
            int lanes = Math.Clamp(tiles - i0, 0, width);
            for (int l = 0; l < width; l++)
            {
                if (l >= lanes)
                {
                    for (int k = 0; k < Points; k++)
                        d[k * width + l] = 0f;
                    continue;
                }
                int* tile = tileTable + 3 * (i0 + l);
                float* plane = p.Src + ((long)tile[0] * p.SrcC + c) * p.SrcH * p.SrcW;
                LoadPatch(plane, p.SrcH, p.SrcW, tile[1] - p.PadH, tile[2] - p.PadW, d + l, width);
            }
            InputTile(d, r, t, width);
            int panel = i0 / nr;
            Store(r, v + ((long)panel * layout.Depth + c) * nr + (i0 - panel * nr), (nint)layout.VStride, width, width);
        }
    }

    /// <summary>
    /// M[t] = U[t]·V[t] for the 36 points, by blocks of result rows (work items): each item transforms its rows of the
    /// weight into a per-thread buffer, then runs the GEMM micro-kernel over them and the packed V panels.
    /// </summary>
    private static void MultiplyAndTransformOutput<TV>(Problem p, Layout layout, float* v, int* tileTable, int tiles)
        where TV : struct, IWinogradVariant
    {
        int items = (p.DstC + layout.ItemRows - 1) / layout.ItemRows;
        SimdPath path = SimdPaths.Current;
        Parallelism.ForIfWorthwhile(items, (long)Points * p.DstC * p.SrcC * tiles, item =>
        {
            int firstRow = item * layout.ItemRows, rows = Math.Min(layout.ItemRows, p.DstC - firstRow);
            float* u = WinogradWorkspace.Get(3, Points * layout.UStride);
            // This item's rows of M for all 36 points, in a per-thread buffer (ItemRows × Ld per point).
            float* m = WinogradWorkspace.Get(1, Points * layout.MStride);
            int panels = (rows + layout.Mr - 1) / layout.Mr;
            for (int panel = 0; panel < panels; panel++)
                TransformWeightPanel<TV>(p, layout, firstRow + panel * layout.Mr, Math.Min(layout.Mr, rows - panel * layout.Mr),
                    u + (long)panel * layout.Depth * layout.Mr);
            SimdPaths.Run(path, new PanelProducts(u, layout.UStride, panels, v, layout.VStride, m,
                layout.MStride, layout.Ld, layout.Depth, (tiles + layout.Nr - 1) / layout.Nr));
            // Its output channels at once, while M is in cache: M's row c − firstRow is channel c.
            for (int c = firstRow; c < firstRow + rows; c++)
                TransformOutputChannel<TV>(p, c, tileTable, tiles, m - (long)firstRow * layout.Ld, layout.Ld, layout.MStride);
        });
    }

    /// <summary>For each point: every row panel of U[t] times every column panel of V[t] into M[t], by slices of depth.</summary>
    private readonly struct PanelProducts(float* u, long uStride, int rowPanels, float* v, long vStride, float* m, long mStride,
        int ld, int depth, int columnPanels) : ISimdKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
        {
            int mr = GemmMicroKernel<TSimd, TVec>.Mr, nr = GemmMicroKernel<TSimd, TVec>.Nr;
            for (int t = 0; t < Points; t++)
            {
                float* ut = u + t * uStride, vt = v + t * vStride, mt = m + t * mStride;
                for (int j = 0; j < columnPanels; j++)
                {
                    float* bPanel = vt + (long)j * depth * nr;
                    for (int i = 0; i < rowPanels; i++)
                    {
                        float* aPanel = ut + (long)i * depth * mr;
                        float* c = mt + (long)i * mr * ld + j * nr;
                        for (int pc = 0; pc < depth; pc += GemmDriver.Kc)
                            GemmMicroKernel<TSimd, TVec>.Run(Math.Min(GemmDriver.Kc, depth - pc), aPanel + (long)pc * mr,
                                bPanel + (long)pc * nr, c, ld, add: pc > 0);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One panel (Mr rows) of U = G g Gᵀ for all 36 points: row = out, depth = in (forward), or g rotated by 180° at
    /// row = in, depth = out (data gradient); rows past <paramref name="validRows"/> get zeros. Lanes are the panel's
    /// rows, so each point is one vector store into the packed panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformWeightPanel<TV>(in Problem p, in Layout layout, int firstRow, int validRows, float* dst0)
        where TV : struct, IWinogradVariant
    {
        int width = Vector<float>.Count, mr = layout.Mr, depth = layout.Depth, group = Math.Min(width, mr);
        int taps = TV.Kernel * TV.Kernel;
        float* r = stackalloc float[Points * Vector<float>.Count];
        // The panel's filters gathered lane-wise first, gathered[(d·groups + group)·taps·width + k·width + lane], so the
        // transform reads whole vectors written long before (not a vector load over fresh scalar stores).
        int groups = (mr + group - 1) / group;
        float* gathered = WinogradWorkspace.Get(4, (long)depth * groups * taps * width);
        for (int d = 0; d < depth; d++)
        {
            for (int gi = 0; gi < groups; gi++)
            {
                float* g = gathered + ((long)d * groups + gi) * taps * width;
                int g0 = gi * group, lanes = Math.Clamp(validRows - g0, 0, group);
                // The data gradient reads the group's filters of output channel d: Cin·taps floats after those of
                // d − 1, a stride the hardware prefetchers do not follow across pages (this gather took 4× the
                // forward's). Ask for those of d + PrefetchDepth.
                if (p.Backward && Sse.IsSupported && d + PrefetchDepth < depth && lanes > 0)
                {
                    float* ahead = p.Weight + ((nint)(d + PrefetchDepth) * p.WeightIn + firstRow + g0) * taps;
                    for (int i = 0; i < lanes * taps; i += 16)
                        Sse.Prefetch0(ahead + i);
                    Sse.Prefetch0(ahead + lanes * taps - 1);
                }
                for (int l = 0; l < width; l++)
                {
                    if (l >= lanes)
                    {
                        for (int k = 0; k < taps; k++)
                            g[k * width + l] = 0f;
                        continue;
                    }
                    int row = firstRow + g0 + l;
                    if (p.Backward)
                    {
                        float* source = p.Weight + ((nint)d * p.WeightIn + row) * taps;
                        for (int k = 0; k < taps; k++)
                            g[k * width + l] = source[taps - 1 - k];
                    }
                    else
                    {
                        float* source = p.Weight + ((nint)row * p.WeightIn + d) * taps;
                        for (int k = 0; k < taps; k++)
                            g[k * width + l] = source[k];
                    }
                }
            }
        }
        long pointStride = layout.UStride;
        for (int d = 0; d < depth; d++)
        {
            for (int gi = 0; gi < groups; gi++)
            {
                int g0 = gi * group;
                float* g = gathered + ((long)d * groups + gi) * taps * width;
                long at = (long)d * mr + g0;
                float* dst = dst0 + at;
                if (at + width <= (long)depth * mr)
                {
                    // The lanes past the group land on rows or depths this loop writes later.
                    TV.WeightTile(g, width, dst, pointStride);
                }
                else
                {
                    TV.WeightTile(g, width, r, width);
                    for (int k = 0; k < Points; k++, dst += pointStride)
                        for (int l = 0; l < group; l++)
                            dst[l] = r[k * width + l];
                }
            }
        }
    }

    /// <summary>Dst[c] += Aᵀ M A for every tile of the chunk, the parts of edge tiles outside the plane dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformOutputChannel<TV>(in Problem p, int c, int* tileTable, int tiles, float* m, int ld, long mStride)
        where TV : struct, IWinogradVariant
    {
        int width = Vector<float>.Count, size = TV.Tile;
        float* s = stackalloc float[Points * Vector<float>.Count];
        float* y = stackalloc float[16 * Vector<float>.Count];
        float* t = stackalloc float[24 * Vector<float>.Count];
        for (int i0 = 0; i0 < tiles; i0 += width)
        {
            int lanes = Math.Min(width, tiles - i0);
            Load(m + (nint)c * ld + i0, (nint)mStride, s, width);
            TV.OutputTile(s, y, t, width);
            for (int l = 0; l < lanes; l++)
            {
                int* tile = tileTable + 3 * (i0 + l);
                int oy = tile[1], ox = tile[2];
                int rows = Math.Min(size, p.DstH - oy), cols = Math.Min(size, p.DstW - ox);
                float* plane = p.Dst + ((long)tile[0] * p.DstC + c) * p.DstH * p.DstW + (nint)oy * p.DstW + ox;
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                        plane[(nint)i * p.DstW + j] += y[(i * size + j) * width + l];
            }
        }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Load(float* src, nint stride, float* s, int width)
    {
        for (int k = 0; k < Points; k++)
            Unsafe.WriteUnaligned(s + k * width, Unsafe.ReadUnaligned<Vector<float>>(src + k * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> At(float* a, int k, int width) => Unsafe.ReadUnaligned<Vector<float>>(a + k * width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* a, int k, int width, Vector<float> value) => Unsafe.WriteUnaligned(a + k * width, value);

    /// <summary>r (6×6) = Bᵀ d B for d (6×6), lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputTile(float* d, float* r, float* t, int width)
    {
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
}

/// <summary>
/// Per-thread scratch buffers (<see cref="ScratchBuffer"/>s) of <see cref="WinogradConv"/> (transformed weight, input tiles and products). They
/// only grow, to the largest need seen, so a training step does not allocate; worker threads of one call use the
/// calling thread's buffers through their pointers. The two largest share memory with the GEMM's per-thread buffers,
/// which a Winograd call never uses (it runs the micro-kernel on panels of its own) and whose contents no caller keeps
/// from one convolution call to the next: slot 0 (V: 9 MB for the PatchGAN layer's data gradient) is the A-panel buffer
/// (8 MB on the thread that runs the U-Net's 16² → 32² transposed layer), slot 3 (a work item's transformed weight or
/// output gradients) the B-panel buffer; together they kept 11–15 MB of the pix2pix step's peak memory.
/// </summary>
internal static unsafe class WinogradWorkspace
{
    private const int Slots = 6;

    [ThreadStatic]
    private static ScratchSlots? t_buffers;

    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> floats, contents undefined, valid until the next request for the slot on this thread (or the next GEMM on it, for slots 0 and 3).</summary>
    public static float* Get(int slot, long length)
    {
        if (slot == 0)
            return GemmWorkspace.Current.A(length);
        if (slot == 3)
            return GemmWorkspace.Current.B(length);
        return (t_buffers ??= new ScratchSlots(Slots)).Get(slot, length);
    }
}

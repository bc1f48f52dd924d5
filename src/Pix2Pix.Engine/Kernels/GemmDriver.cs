using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The blocked GEMM loop nest (BLIS-style): for each nc-wide column block and kc-deep slice, pack op(B) and op(A) into
/// per-thread panel buffers, then run the micro-kernel over a grid of (row block × column chunk) work items in
/// parallel. Every element of C is computed by one work item, summing k in the same order whatever the thread count,
/// so the result does not depend on <see cref="Parallelism.Degree"/>.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Depth of one packed slice: the Ap micro-panel (kc·Mr, 12 KB) stays in L1, a work item's B columns (kc·256) in L2.
    /// 512 rather than 256: fewer passes over C, measured a few percent faster on Zen 4.</summary>
    internal const int Kc = 512;

    /// <summary>Width of one packed B block (a multiple of every Nr).</summary>
    internal const int Nc = 1024;

    /// <summary>Micro-panels of A per work item (at most: see <see cref="ItemShape"/>).</summary>
    private const int PanelsPerItemM = 8;

    /// <summary>Columns per work item (at most; a multiple of every Nr).</summary>
    private const int ColumnsPerItem = 256;

    /// <summary>Work items a split block should offer per thread, so dynamic hand-out can balance them.</summary>
    private const int ItemsPerThread = 3;

    /// <summary>
    /// The work item of one (nc × kc) block: up to <see cref="PanelsPerItemM"/> micro-panels of A by up to
    /// <see cref="ColumnsPerItem"/> columns, made smaller — columns first, down to two micro-tiles, then panels, down
    /// to one, then columns down to one micro-tile — until the block offers <see cref="ItemsPerThread"/> items per
    /// thread, so 16 or 64 cores find work where two found it at the full size. Columns stay a multiple of
    /// <paramref name="nr"/>, so every micro-tile is the same whatever the item size, and so are the results.
    /// </summary>
    internal static (int Panels, int Columns) ItemShape(int mPanels, int nc, int nr, int degree)
    {
        int panels = PanelsPerItemM, columns = ColumnsPerItem;
        long target = (long)ItemsPerThread * degree;
        long Items(int p, int c) => (long)((mPanels + p - 1) / p) * ((nc + c - 1) / c);
        while (Items(panels, columns) < target)
        {
            if (columns > 2 * nr && (nc + columns - 1) / columns < (nc + nr - 1) / nr)
                columns = Math.Max(2 * nr, columns / 2 / nr * nr);
            else if (panels > 1 && (mPanels + panels - 1) / panels < mPanels)
                panels = (panels + 1) / 2;
            else if (columns > nr && (nc + columns - 1) / columns < (nc + nr - 1) / nr)
                columns = Math.Max(nr, columns / 2 / nr * nr);
            else
                break;
        }
        return (panels, columns);
    }

    /// <summary>
    /// C (+)= op(A)·op(B). Results at most 4 wide or tall go to <see cref="GemmSkinny"/>. When C is much narrower
    /// than a tile (n &lt; Nr), computes Cᵀ = op(B)ᵀ·op(A)ᵀ instead, writing it back transposed, so that less of each
    /// tile is padding.
    /// </summary>
    public static void Run<TKernel>(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
        float* c, int ldc, bool accumulate)
        where TKernel : struct, IGemmMicroKernel
    {
        if (n <= GemmSkinny.MaxWidth)
            GemmSkinny.Run(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, 1, accumulate);
        else if (m <= GemmSkinny.MaxWidth)
            GemmSkinny.Run(!transB, !transA, n, m, k, b, ldb, a, lda, c, 1, ldc, accumulate);
        else if (PrefersTransposed<TKernel>(m, n))
            Run<TKernel, GemmMatrixSource>(!transB, n, m, k, b, ldb, new GemmMatrixSource(!transA, a, lda), c, ldc, accumulate, transposeC: true);
        else
            Run<TKernel, GemmMatrixSource>(transA, m, n, k, a, lda, new GemmMatrixSource(transB, b, ldb), c, ldc, accumulate, transposeC: false);
    }

    /// <summary>Whether an m×n result wastes so much of each tile that computing its transpose is cheaper.</summary>
    public static bool PrefersTransposed<TKernel>(int m, int n)
        where TKernel : struct, IGemmMicroKernel
        => PaddedArea(n, m, TKernel.Mr, TKernel.Nr) * 3 < PaddedArea(m, n, TKernel.Mr, TKernel.Nr) * 2;

    private static long PaddedArea(int m, int n, int mr, int nr)
        => (long)((m + mr - 1) / mr * mr) * ((n + nr - 1) / nr * nr);

    /// <summary>
    /// C (+)= op(A)·B where B's panels come from <paramref name="source"/> (a matrix, or an image unfolded on the fly).
    /// With <paramref name="transposeC"/>, the m×n result is stored transposed: element (i, j) at c[j·ldc + i].
    /// </summary>
    public static void Run<TKernel, TSource>(bool transA, int m, int n, int k, float* a, int lda, TSource source,
        float* c, int ldc, bool accumulate, bool transposeC)
        where TKernel : struct, IGemmMicroKernel
        where TSource : struct, IGemmPanelSource
        => Run<TKernel, TSource>(transA, m, n, k, a, lda, null, source, c, ldc, accumulate, transposeC);

    /// <summary>
    /// Elements of op(A) (m×k) packed whole by <see cref="PackAllA{TKernel}"/>: every kc slice, each as ⌈m/Mr⌉ panels.
    /// </summary>
    public static long PackedALength<TKernel>(int m, int k)
        where TKernel : struct, IGemmMicroKernel
        => (long)(m + TKernel.Mr - 1) / TKernel.Mr * TKernel.Mr * k;

    /// <summary>
    /// Packs all of op(A) once, for several products that share it (<see cref="RunPackedA{TKernel, TSource}"/>): slice pc
    /// (depth min(Kc, k − pc)) starts at ⌈m/Mr⌉·Mr·pc, in the layout the driver packs per slice.
    /// </summary>
    public static void PackAllA<TKernel>(bool transA, int m, int k, float* a, int lda, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr;
        int mPanels = (m + mr - 1) / mr;
        int slices = (k + Kc - 1) / Kc;
        // Groups of 8 panels: 48 consecutive values per row of a transposed A, whole cache lines per item.
        int groups = (mPanels + PanelsPerItemM - 1) / PanelsPerItemM;
        void Pack(int item)
        {
            int slice = item / groups, group = item % groups;
            int pc = slice * Kc, kc = Math.Min(Kc, k - pc);
            float* sliceDst = dst + (nint)mPanels * mr * pc;
            int first = group * PanelsPerItemM;
            PackAPanels(transA, a, lda, m, mr, first, Math.Min(mPanels, first + PanelsPerItemM), pc, kc, sliceDst);
        }
        Parallelism.ForIfWorthwhile(slices * groups, (long)m * k, Pack, Parallelism.MinParallelWork / 16);
    }

    /// <summary>
    /// Packs panels [<paramref name="first"/>, <paramref name="end"/>) of op(A)'s slice [pc, pc + kc) into
    /// <paramref name="dst"/> (the slice's panels, panel q at q·mr·kc). A transposed A: whole panels row by row, each
    /// stored row's values read together (<see cref="GemmPacking.PackATransposedPanels"/>), then a last partial panel.
    /// </summary>
    private static void PackAPanels(bool transA, float* a, int lda, int m, int mr, int first, int end, int pc, int kc, float* dst)
    {
        if (transA)
        {
            int whole = Math.Min(end, m / mr) - first;
            if (whole > 0)
            {
                GemmPacking.PackATransposedPanels(a, lda, first * mr, whole, pc, kc, mr, dst + (nint)first * mr * kc);
                first += whole;
            }
        }
        for (int panel = first; panel < end; panel++)
        {
            int i0 = panel * mr;
            GemmPacking.PackA(transA, a, lda, i0, Math.Min(mr, m - i0), pc, kc, mr, dst + (nint)panel * mr * kc);
        }
    }

    /// <summary>C (+)= op(A)·B with op(A) (m×k) already packed by <see cref="PackAllA{TKernel}"/> and B from <paramref name="source"/>.</summary>
    public static void RunPackedA<TKernel, TSource>(int m, int n, int k, float* packedA, TSource source,
        float* c, int ldc, bool accumulate)
        where TKernel : struct, IGemmMicroKernel
        where TSource : struct, IGemmPanelSource
        => Run<TKernel, TSource>(false, m, n, k, null, 0, packedA, source, c, ldc, accumulate, transposeC: false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TKernel, TSource>(bool transA, int m, int n, int k, float* a, int lda, float* packedA, TSource source,
        float* c, int ldc, bool accumulate, bool transposeC)
        where TKernel : struct, IGemmMicroKernel
        where TSource : struct, IGemmPanelSource
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int mPanels = (m + mr - 1) / mr;
        int kcMax = Math.Min(Kc, k);
        int ncMax = Math.Min(Nc, (n + nr - 1) / nr * nr);
        GemmWorkspace workspace = GemmWorkspace.Current;
        bool prepacked = packedA != null;
        bool parallel = Parallelism.IsWorthSplitting((long)m * n * k);
        if (parallel && n <= ColumnsPerItem && k > Kc && (long)ncMax * k <= MaxWholeDepthB)
        {
            RunWholeDepth<TKernel, TSource>(transA, m, n, k, a, lda, packedA, source, c, ldc, accumulate, transposeC);
            return;
        }
        if (parallel && n > Nc && mPanels <= ShallowMaxPanels && (long)mPanels * mr * k <= MaxWholeA)
        {
            RunShallow<TKernel, TSource>(transA, m, n, k, a, lda, packedA, source, c, ldc, accumulate, transposeC);
            return;
        }
        float* ap = null;
        float* bp = workspace.B(ncMax * kcMax);

        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            int nPanels = (nc + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                bool add = accumulate || pc > 0;
                int jcc = jc, pcc = pc, kcc = kc, ncc = nc;
                if (prepacked)
                    ap = packedA + (nint)mPanels * mr * pc;
                var (panelsPerItem, columnsPerItem) = parallel ? ItemShape(mPanels, nc, nr, Parallelism.Degree) : (PanelsPerItemM, ColumnsPerItem);
                int rowItems = (mPanels + panelsPerItem - 1) / panelsPerItem;
                int colItems = (nc + columnsPerItem - 1) / columnsPerItem;
                // When every row range is one work item, the item packs its own A panels into its thread's buffer just
                // before multiplying them, so they are still in its core's cache (a separate pass packed all of an m×kc
                // slice first — 8 MB for the U-Net's 16² → 32² transposed layer — and had it back from L3 or memory,
                // and kept that buffer). Otherwise A is packed with B: a transposed A by groups of panels (each stored
                // row's values of a group read together, whole cache lines), an A as stored panel by panel. The same
                // panels either way, so the same results.
                bool packInItems = !prepacked && colItems == 1;
                if (!prepacked && !packInItems)
                    ap = workspace.A((long)mPanels * mr * kcMax);
                int aItems = prepacked || packInItems ? 0 : transA ? (mPanels + PanelsPerItemM - 1) / PanelsPerItemM : mPanels;

                void Pack(int item)
                {
                    if (item < aItems)
                    {
                        int first = transA ? item * PanelsPerItemM : item;
                        PackAPanels(transA, a, lda, m, mr, first, Math.Min(mPanels, first + (transA ? PanelsPerItemM : 1)), pcc, kcc, ap);
                    }
                    else
                    {
                        int panel = item - aItems;
                        int j0 = panel * nr;
                        source.Pack(pcc, kcc, jcc + j0, Math.Min(nr, ncc - j0), nr, bp + (nint)panel * nr * kcc);
                    }
                }

                void Compute(int item)
                {
                    int rowItem = item / colItems, colItem = item % colItems;
                    int panelLo = rowItem * panelsPerItem, panelHi = Math.Min(mPanels, panelLo + panelsPerItem);
                    int colLo = colItem * columnsPerItem, colHi = Math.Min(ncc, colLo + columnsPerItem);
                    float* panels = ap;
                    if (packInItems)
                    {
                        // In this thread's own A buffer (L2-sized), addressed as if it held the whole slice.
                        panels = GemmWorkspace.Current.A((long)(panelHi - panelLo) * mr * kcc) - (nint)panelLo * mr * kcc;
                        PackAPanels(transA, a, lda, m, mr, panelLo, panelHi, pcc, kcc, panels);
                    }
                    ComputeBlock<TKernel>(kcc, panels, bp, c, ldc, m, jcc, panelLo, panelHi, colLo, colHi, add, transposeC);
                }

                Parallelism.ForIf(parallel, 0, aItems + nPanels, Pack);
                Parallelism.ForIf(parallel, 0, rowItems * colItems, Compute);
            }
        }
    }

    /// <summary>Largest B (floats) <see cref="RunWholeDepth{TKernel, TSource}"/> packs whole: 4 MB.</summary>
    private const long MaxWholeDepthB = 1 << 20;

    /// <summary>
    /// C (+)= op(A)·B for a narrow, deep product (n ≤ <see cref="ColumnsPerItem"/>, several kc slices: the U-Net's
    /// inner layers), in parallel: all of B packed at once, then one work item per range of A panels that runs
    /// through every slice itself — packing its A panels and adding each slice's product to its rows of C — instead
    /// of two parallel loops per slice (16 slices of about 70 µs each for the 16² → 8² layer: the threads spent a fifth
    /// of it waiting at the loops' ends). The same slices, panels and tiles in the same order as the blocked loop,
    /// so the same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunWholeDepth<TKernel, TSource>(bool transA, int m, int n, int k, float* a, int lda, float* packedA,
        TSource source, float* c, int ldc, bool accumulate, bool transposeC)
        where TKernel : struct, IGemmMicroKernel
        where TSource : struct, IGemmPanelSource
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr;
        int slices = (k + Kc - 1) / Kc;
        float* bp = GemmWorkspace.Current.B((long)nPanels * nr * k);

        void Pack(int item)
        {
            int slice = item / nPanels, panel = item % nPanels;
            int pc = slice * Kc, kc = Math.Min(Kc, k - pc), j0 = panel * nr;
            source.Pack(pc, kc, j0, Math.Min(nr, n - j0), nr, bp + (nint)nPanels * nr * pc + (nint)panel * nr * kc);
        }

        // Items of up to PanelsPerItemM panels, at least 4 per thread so that uneven items even out.
        int degree = Parallelism.Degree;
        int panelsPerItem = Math.Clamp(mPanels / (4 * degree), 1, PanelsPerItemM);
        int items = (mPanels + panelsPerItem - 1) / panelsPerItem;

        void Compute(int item)
        {
            int panelLo = item * panelsPerItem, panelHi = Math.Min(mPanels, panelLo + panelsPerItem);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                float* panels;
                if (packedA != null)
                {
                    panels = packedA + (nint)mPanels * mr * pc;
                }
                else
                {
                    panels = GemmWorkspace.Current.A((long)(panelHi - panelLo) * mr * kc) - (nint)panelLo * mr * kc;
                    PackAPanels(transA, a, lda, m, mr, panelLo, panelHi, pc, kc, panels);
                }
                ComputeBlock<TKernel>(kc, panels, bp + (nint)nPanels * nr * pc, c, ldc, m, 0, panelLo, panelHi, 0, n,
                    accumulate || pc > 0, transposeC);
            }
        }

        Parallelism.For(0, slices * nPanels, Pack);
        Parallelism.For(0, items, Compute);
    }

    /// <summary>Most A panels (144 rows on Vector512) for which <see cref="RunShallow{TKernel, TSource}"/> takes a product.</summary>
    private const int ShallowMaxPanels = 24;

    /// <summary>Largest packed A (floats) <see cref="RunShallow{TKernel, TSource}"/> packs whole: 4 MB.</summary>
    private const long MaxWholeA = 1 << 20;

    /// <summary>
    /// C (+)= op(A)·B for a wide product with a small A (several nc blocks, at most <see cref="ShallowMaxPanels"/> A
    /// panels: the U-Net's and the PatchGAN's layers with 64 or 128 output channels over large planes, their first
    /// layers, whose depth is 48 or 96, and the last transposed layer), in parallel: all of A packed once, then one work
    /// item per <see cref="ColumnsPerItem"/> columns that, slice by slice, packs its own B panels and multiplies every A
    /// panel by them — one parallel loop instead of two per (nc block, kc slice): 16 blocks of about 30 µs for the
    /// 3→64 layer at 256², where two threads were slower than one. The same slices, panels and tiles in the same
    /// order, so the same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunShallow<TKernel, TSource>(bool transA, int m, int n, int k, float* a, int lda, float* packedA,
        TSource source, float* c, int ldc, bool accumulate, bool transposeC)
        where TKernel : struct, IGemmMicroKernel
        where TSource : struct, IGemmPanelSource
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int mPanels = (m + mr - 1) / mr;
        float* panels = packedA;
        if (panels == null)
        {
            // The calling thread's A buffer (the items read it; their own A buffers are not used here).
            panels = GemmWorkspace.Current.A(PackedALength<TKernel>(m, k));
            PackAllA<TKernel>(transA, m, k, a, lda, panels);
        }
        int items = (n + ColumnsPerItem - 1) / ColumnsPerItem;

        void Compute(int item)
        {
            int j0 = item * ColumnsPerItem, cols = Math.Min(ColumnsPerItem, n - j0);
            int nPanels = (cols + nr - 1) / nr;
            float* bp = GemmWorkspace.Current.B((long)nPanels * nr * Math.Min(Kc, k));
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                for (int q = 0; q < nPanels; q++)
                    source.Pack(pc, kc, j0 + q * nr, Math.Min(nr, cols - q * nr), nr, bp + (nint)q * nr * kc);
                ComputeBlock<TKernel>(kc, panels + (nint)mPanels * mr * pc, bp, c, ldc, m, j0, 0, mPanels, 0, cols,
                    accumulate || pc > 0, transposeC);
            }
        }

        Parallelism.For(0, items, Compute);
    }

    /// <summary>Runs the micro-kernel for A panels [panelLo, panelHi) × block columns [colLo, colHi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeBlock<TKernel>(int kc, float* ap, float* bp, float* c, int ldc, int m, int jc,
        int panelLo, int panelHi, int colLo, int colHi, bool add, bool transposeC)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        float* edge = stackalloc float[mr * nr];
        for (int panel = panelLo; panel < panelHi; panel++)
        {
            int i0 = panel * mr;
            int rows = Math.Min(mr, m - i0);
            float* aPanel = ap + (nint)panel * mr * kc;
            for (int j = colLo; j < colHi; j += nr)
            {
                int cols = Math.Min(nr, colHi - j);
                float* bPanel = bp + (nint)(j / nr) * nr * kc;
                if (transposeC)
                {
                    TKernel.Run(kc, aPanel, bPanel, edge, nr, add: false);
                    StoreTransposed(edge, nr, rows, cols, c + (nint)(jc + j) * ldc + i0, ldc, add);
                    continue;
                }
                float* cTile = c + (nint)i0 * ldc + jc + j;
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, aPanel, bPanel, cTile, ldc, add);
                    continue;
                }
                TKernel.Run(kc, aPanel, bPanel, edge, nr, add: false);
                for (int r = 0; r < rows; r++)
                {
                    float* src = edge + r * nr;
                    float* dst = cTile + (nint)r * ldc;
                    if (add)
                    {
                        for (int q = 0; q < cols; q++)
                            dst[q] += src[q];
                    }
                    else
                    {
                        for (int q = 0; q < cols; q++)
                            dst[q] = src[q];
                    }
                }
            }
        }
    }

    /// <summary>dst[q·ldc + r] (+)= tile[r·nr + q] for r &lt; rows, q &lt; cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreTransposed(float* tile, int nr, int rows, int cols, float* dst, int ldc, bool add)
    {
        for (int q = 0; q < cols; q++)
        {
            float* d = dst + (nint)q * ldc;
            if (add)
            {
                for (int r = 0; r < rows; r++)
                    d[r] += tile[r * nr + q];
            }
            else
            {
                for (int r = 0; r < rows; r++)
                    d[r] = tile[r * nr + q];
            }
        }
    }
}

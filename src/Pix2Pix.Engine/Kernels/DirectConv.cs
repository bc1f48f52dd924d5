using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Direct (no im2col) stride-1 convolution for layers with at most <see cref="MaxOutChannels"/> output channels, such
/// as PatchGAN's last layer (512→1, k4, p1): there the GEMM would unfold and pack a K×P column matrix that is used by a
/// single row of weights. Here the input is copied once into a zero-padded buffer and each output row is a sum of
/// shifted input rows scaled by one weight, vectorised along the row. Every output element is summed by one work
/// item in a fixed order (channel, ky, kx), so results do not depend on <see cref="Parallelism.Degree"/>.
/// Layouts as in <see cref="Conv2dKernels"/>; no checks (the public kernels validate).
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static unsafe class DirectConv
{
    /// <summary>Most output channels for which the direct kernels are used.</summary>
    public const int MaxOutChannels = 4;

    /// <summary>Input channels per work item of the data and weight gradients.</summary>
    private const int ChannelsPerItem = 8;

    /// <summary>Whether <paramref name="g"/> takes the direct kernels.</summary>
    public static bool Applies(in Conv2dGeometry g)
        => g.OutChannels <= MaxOutChannels && g.StrideH == 1 && g.StrideW == 1 && !Conv2dPlan.IsPointwise(g);

    /// <summary>
    /// Whether <paramref name="g"/>'s forward and weight gradient take the direct kernels: also for a stride-1 layer
    /// with few input channels and any number of output channels (ResNet's 7×7 head, 3→64), where the GEMM's column
    /// matrix is only K = Cin·kH·kW deep and unfolding it costs as much as the product. (Its data gradient stays with
    /// the GEMM: the direct one would pad a copy of every output channel's gradient.)
    /// </summary>
    public static bool AppliesToForwardAndWeight(in Conv2dGeometry g)
        => (g.OutChannels <= MaxOutChannels || g.InChannels <= MaxInChannels)
           && g.StrideH == 1 && g.StrideW == 1 && !Conv2dPlan.IsPointwise(g);

    /// <summary>Most input channels for which the forward and weight gradient of a layer with many output channels are direct.</summary>
    public const int MaxInChannels = 4;

    /// <summary>
    /// Channels one tile computes at once in the grouped kernels: the forward's output channels, the data gradient's
    /// input channels, the weight gradient's output channels. Each input (or gradient) vector loaded is used by all
    /// three, so a tap costs 8 loads and 3 broadcasts for 24 multiply-adds instead of 8 loads for 8 (load-bound).
    /// Every output element is still summed in the same order as by the one-channel kernels: the results are the
    /// same bits.
    /// </summary>
    internal const int GroupChannels = 3;

    /// <summary>output += conv(input, weight); <paramref name="grouped"/> false runs the one-channel tiles only (tests).</summary>
    public static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, in Conv2dGeometry g,
        bool grouped = true)
    {
        fixed (float* x = input, w = weight, y = output)
            SimdPaths.Run(new ForwardKernel(x, w, y, g, grouped));
    }

    /// <summary>gradInput += the data-gradient; <paramref name="grouped"/> false runs the one-channel tiles only (tests).</summary>
    public static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput, in Conv2dGeometry g,
        bool grouped = true)
    {
        fixed (float* dy = gradOutput, w = weight, dx = gradInput)
            SimdPaths.Run(new BackwardDataKernel(dy, w, dx, g, grouped));
    }

    /// <summary>gradWeight += the weight-gradient summed over the batch; <paramref name="grouped"/> false: one output channel at a time (tests).</summary>
    public static void BackwardWeightAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight, in Conv2dGeometry g,
        bool grouped = true)
    {
        fixed (float* dy = gradOutput, x = input, dw = gradWeight)
            SimdPaths.Run(new BackwardWeightKernel(dy, x, dw, g, grouped));
    }

    private static int Groups(int channels, bool grouped) => grouped ? (channels + GroupChannels - 1) / GroupChannels : channels;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// The input, zero-padded so that output pixel (oy, ox) reads padded[oy + ky, ox + kx] with whole vectors:
    /// [N·Cin planes] of (OH rounded up to the tile + kH − 1) rows × <see cref="PaddedWidth"/> columns.
    /// </summary>
    private static int PaddedWidth(in Conv2dGeometry g, int vw) => RoundUp(g.OutWidth, 2 * vw) + g.KernelW + 2;

    private static float* PadInput(float* x, in Conv2dGeometry g, int vw, int slot, out int plane, out int rowStride)
    {
        // Forward tiles may run up to TileRows − 1 rows and 2·vw − 1 columns past the output: the margins cover their reads.
        int rows = RoundUp(g.OutHeight, TileRows) + g.KernelH - 1;
        int wp = PaddedWidth(g, vw);
        int planeLength = rows * wp;
        float* xp = SmallConvWorkspace.Get(slot, (long)g.Batch * g.InChannels * planeLength);
        int h = g.InHeight, w = g.InWidth, ph = g.PadH, pw = g.PadW;
        int planes = g.Batch * g.InChannels;
        float* dst0 = xp;
        void Plane(int c)
        {
            float* src = x + (nint)c * h * w;
            float* dst = dst0 + (nint)c * planeLength;
            // One clear of the whole plane, then the rows: per-row span calls cost more than the copy itself here.
            new Span<float>(dst, planeLength).Clear();
            int last = Math.Min(h, rows - ph);
            for (int iy = 0; iy < last; iy++)
                Unsafe.CopyBlockUnaligned(dst + (nint)(iy + ph) * wp + pw, src + (nint)iy * w, (uint)(w * sizeof(float)));
        }
        // A copy is cheap next to the convolution: split it only in coarse items, each of many planes.
        const int PlanesPerItem = 64;
        Parallelism.ForIfWorthwhile((planes + PlanesPerItem - 1) / PlanesPerItem, (long)planes * planeLength, item =>
        {
            for (int c = item * PlanesPerItem; c < Math.Min(planes, (item + 1) * PlanesPerItem); c++)
                Plane(c);
        });
        plane = planeLength;
        rowStride = wp;
        return xp;
    }

    private static void Forward<TS, TV>(float* x, float* w, float* y, Conv2dGeometry g, bool grouped)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        float* xp = PadInput(x, g, TS.Count, 0, out int plane, out int wp);
        int oh = g.OutHeight, cout = g.OutChannels;
        int rowItems = (oh + TileRows - 1) / TileRows;
        int groups = Groups(cout, grouped), size = grouped ? GroupChannels : 1;
        int items = g.Batch * groups * rowItems;
        long work = (long)g.OutputLength * g.InChannels * g.KernelH * g.KernelW;
        Parallelism.ForIfWorthwhile(items, work, item =>
        {
            int r = item % rowItems, ng = item / rowItems, n = ng / groups, co0 = ng % groups * size;
            int count = Math.Min(size, cout - co0);
            if (count == GroupChannels)
                ForwardTileRow3<TS, TV>(xp, plane, wp, w, y, g, n, co0, r * TileRows);
            else
                for (int co = co0; co < co0 + count; co++)
                    ForwardTileRow<TS, TV>(xp, plane, wp, w, y, g, n, co, r * TileRows);
        });
    }

    /// <summary>
    /// <see cref="ForwardTileRow{TS, TV}"/> for output channels co0 .. co0 + 2 at once: 24 accumulators (3 channels ×
    /// 4 rows × 2 vectors), each input vector loaded once for the three.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTileRow3<TS, TV>(float* xp, int plane, int wp, float* w, float* y, in Conv2dGeometry g,
        int n, int co0, int oy0)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, cin = g.InChannels, kh = g.KernelH, kw = g.KernelW, taps = kh * kw, ow = g.OutWidth;
        int rows = Math.Min(TileRows, g.OutHeight - oy0);
        nint wStride = (nint)cin * taps, yStride = (nint)g.OutHeight * ow;
        float* w0 = w + co0 * wStride;
        float* xn = xp + (nint)n * cin * plane + (nint)oy0 * wp;
        float* yTile = y + (((nint)n * g.OutChannels + co0) * g.OutHeight + oy0) * ow;
        float* tmp = stackalloc float[TileRows * 2 * 16];
        nint r1 = wp, r2 = 2 * wp, r3 = 3 * wp;
        for (int ox0 = 0; ox0 < ow; ox0 += 2 * vw)
        {
            TV a00 = TS.Zero, a01 = TS.Zero, a10 = TS.Zero, a11 = TS.Zero, a20 = TS.Zero, a21 = TS.Zero, a30 = TS.Zero, a31 = TS.Zero;
            TV b00 = TS.Zero, b01 = TS.Zero, b10 = TS.Zero, b11 = TS.Zero, b20 = TS.Zero, b21 = TS.Zero, b30 = TS.Zero, b31 = TS.Zero;
            TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
            for (int ci = 0; ci < cin; ci++)
            {
                float* xc = xn + (nint)ci * plane + ox0;
                float* wc = w0 + ci * taps;
                for (int ky = 0; ky < kh; ky++, xc += wp, wc += kw)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        TV sa = TS.Splat(wc[kx]), sb = TS.Splat(wc[wStride + kx]), sc = TS.Splat(wc[2 * wStride + kx]);
                        float* xr = xc + kx;
                        TV v = TS.Load(xr);
                        a00 = TS.MulAdd(v, sa, a00); b00 = TS.MulAdd(v, sb, b00); c00 = TS.MulAdd(v, sc, c00);
                        v = TS.Load(xr + vw);
                        a01 = TS.MulAdd(v, sa, a01); b01 = TS.MulAdd(v, sb, b01); c01 = TS.MulAdd(v, sc, c01);
                        v = TS.Load(xr + r1);
                        a10 = TS.MulAdd(v, sa, a10); b10 = TS.MulAdd(v, sb, b10); c10 = TS.MulAdd(v, sc, c10);
                        v = TS.Load(xr + r1 + vw);
                        a11 = TS.MulAdd(v, sa, a11); b11 = TS.MulAdd(v, sb, b11); c11 = TS.MulAdd(v, sc, c11);
                        v = TS.Load(xr + r2);
                        a20 = TS.MulAdd(v, sa, a20); b20 = TS.MulAdd(v, sb, b20); c20 = TS.MulAdd(v, sc, c20);
                        v = TS.Load(xr + r2 + vw);
                        a21 = TS.MulAdd(v, sa, a21); b21 = TS.MulAdd(v, sb, b21); c21 = TS.MulAdd(v, sc, c21);
                        v = TS.Load(xr + r3);
                        a30 = TS.MulAdd(v, sa, a30); b30 = TS.MulAdd(v, sb, b30); c30 = TS.MulAdd(v, sc, c30);
                        v = TS.Load(xr + r3 + vw);
                        a31 = TS.MulAdd(v, sa, a31); b31 = TS.MulAdd(v, sb, b31); c31 = TS.MulAdd(v, sc, c31);
                    }
                }
            }
            int count = Math.Min(2 * vw, ow - ox0);
            AddTile<TS, TV>(tmp, yTile + ox0, ow, rows, count, a00, a01, a10, a11, a20, a21, a30, a31);
            AddTile<TS, TV>(tmp, yTile + yStride + ox0, ow, rows, count, b00, b01, b10, b11, b20, b21, b30, b31);
            AddTile<TS, TV>(tmp, yTile + 2 * yStride + ox0, ow, rows, count, c00, c01, c10, c11, c20, c21, c30, c31);
        }
    }

    /// <summary>
    /// y[n, co, oy0 .. oy0 + 3, :] += Σ over ci, ky, kx of w[co, ci, ky, kx]·padded[n, ci, oy + ky, · + kx], in tiles of
    /// 4 rows × 2 vectors: eight independent accumulator chains hide the multiply-add latency. Rows and lanes past the
    /// output read the padded margins and are dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTileRow<TS, TV>(float* xp, int plane, int wp, float* w, float* y, in Conv2dGeometry g,
        int n, int co, int oy0)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, cin = g.InChannels, kh = g.KernelH, kw = g.KernelW, taps = kh * kw, ow = g.OutWidth;
        int rows = Math.Min(TileRows, g.OutHeight - oy0);
        float* wco = w + (nint)co * cin * taps;
        float* xn = xp + (nint)n * cin * plane + (nint)oy0 * wp;
        float* yTile = y + (((nint)n * g.OutChannels + co) * g.OutHeight + oy0) * ow;
        float* tmp = stackalloc float[TileRows * 2 * 16];
        nint r1 = wp, r2 = 2 * wp, r3 = 3 * wp;
        for (int ox0 = 0; ox0 < ow; ox0 += 2 * vw)
        {
            TV a00 = TS.Zero, a01 = TS.Zero, a10 = TS.Zero, a11 = TS.Zero;
            TV a20 = TS.Zero, a21 = TS.Zero, a30 = TS.Zero, a31 = TS.Zero;
            for (int ci = 0; ci < cin; ci++)
            {
                float* xc = xn + (nint)ci * plane + ox0;
                float* wc = wco + ci * taps;
                for (int ky = 0; ky < kh; ky++, xc += wp, wc += kw)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        TV s = TS.Splat(wc[kx]);
                        float* xr = xc + kx;
                        a00 = TS.MulAdd(TS.Load(xr), s, a00);
                        a01 = TS.MulAdd(TS.Load(xr + vw), s, a01);
                        a10 = TS.MulAdd(TS.Load(xr + r1), s, a10);
                        a11 = TS.MulAdd(TS.Load(xr + r1 + vw), s, a11);
                        a20 = TS.MulAdd(TS.Load(xr + r2), s, a20);
                        a21 = TS.MulAdd(TS.Load(xr + r2 + vw), s, a21);
                        a30 = TS.MulAdd(TS.Load(xr + r3), s, a30);
                        a31 = TS.MulAdd(TS.Load(xr + r3 + vw), s, a31);
                    }
                }
            }
            StoreTile<TS, TV>(tmp, a00, a01, a10, a11, a20, a21, a30, a31);
            AddTile(tmp, 2 * vw, yTile + ox0, ow, rows, Math.Min(2 * vw, ow - ox0));
        }
    }

    /// <summary>Rows of output per tile of the forward and data-gradient kernels.</summary>
    private const int TileRows = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile<TS, TV>(float* tmp, TV a00, TV a01, TV a10, TV a11, TV a20, TV a21, TV a30, TV a31)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        TS.Store(a00, tmp);
        TS.Store(a01, tmp + vw);
        TS.Store(a10, tmp + 2 * vw);
        TS.Store(a11, tmp + 3 * vw);
        TS.Store(a20, tmp + 4 * vw);
        TS.Store(a21, tmp + 5 * vw);
        TS.Store(a30, tmp + 6 * vw);
        TS.Store(a31, tmp + 7 * vw);
    }

    /// <summary>
    /// The 4-row × 2-vector tile of accumulators added to destination (row stride <paramref name="stride"/>): whole
    /// vectors when the tile is full, else through <paramref name="tmp"/> element by element (the same sums).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTile<TS, TV>(float* tmp, float* destination, int stride, int rows, int count,
        TV a00, TV a01, TV a10, TV a11, TV a20, TV a21, TV a30, TV a31)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count;
        if (rows == TileRows && count == 2 * vw)
        {
            AddRow<TS, TV>(destination, vw, a00, a01);
            AddRow<TS, TV>(destination + stride, vw, a10, a11);
            AddRow<TS, TV>(destination + 2 * (nint)stride, vw, a20, a21);
            AddRow<TS, TV>(destination + 3 * (nint)stride, vw, a30, a31);
            return;
        }
        StoreTile<TS, TV>(tmp, a00, a01, a10, a11, a20, a21, a30, a31);
        AddTile(tmp, 2 * vw, destination, stride, rows, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<TS, TV>(float* destination, int vw, TV a0, TV a1)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        TS.Store(TS.Add(TS.Load(destination), a0), destination);
        TS.Store(TS.Add(TS.Load(destination + vw), a1), destination + vw);
    }

    /// <summary>destination[r·stride + i] += tile[r·width + i] for r &lt; rows, i &lt; count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTile(float* tile, int width, float* destination, int stride, int rows, int count)
    {
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < count; i++)
                destination[(nint)r * stride + i] += tile[r * width + i];
    }

    /// <summary>
    /// dx[n, ci, iy, ix] += Σ over co, ky, kx of w[co, ci, ky, kx]·dy[n, co, iy + pH − ky, ix + pW − kx], reading dy
    /// from a zero-padded copy: padded[r, c] = dy[r − (kH − 1), c − (kW − 1)].
    /// </summary>
    private static void BackwardData<TS, TV>(float* dy, float* w, float* dx, Conv2dGeometry g, bool grouped)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, kh = g.KernelH, kw = g.KernelW, ph = g.PadH, pw = g.PadW;
        int h = g.InHeight, wd = g.InWidth, oh = g.OutHeight, ow = g.OutWidth;
        // Tiles may run up to TileRows − 1 rows and 2·vw − 1 columns past the input: the margins cover their reads.
        int rows = RoundUp(h, TileRows) + ph + kh - 1;
        int stride = RoundUp(wd, 2 * vw) + pw + kw - 1;
        int plane = rows * stride;
        int planes = g.Batch * g.OutChannels;
        float* dyp = SmallConvWorkspace.Get(1, (long)planes * plane);
        for (int c = 0; c < planes; c++)
        {
            float* src = dy + (nint)c * oh * ow;
            float* dst = dyp + (nint)c * plane;
            new Span<float>(dst, plane).Clear();
            for (int oy = 0; oy < oh && oy + kh - 1 < rows; oy++)
            {
                int copy = Math.Min(ow, stride - (kw - 1));
                new ReadOnlySpan<float>(src + (nint)oy * ow, copy).CopyTo(new Span<float>(dst + (nint)(oy + kh - 1) * stride + kw - 1, copy));
            }
        }
        int perItem = grouped ? DataChannelsPerItem : ChannelsPerItem;
        int channelItems = (g.InChannels + perItem - 1) / perItem;
        // Blocks of rows too, so that a layer with a few dozen input channels still makes enough items for the threads.
        int rowItems = (g.InHeight + DataRowsPerItem - 1) / DataRowsPerItem;
        long work = (long)g.InputLength * g.OutChannels * kh * kw;
        Parallelism.ForIfWorthwhile(g.Batch * channelItems * rowItems, work, item =>
        {
            int rows = item % rowItems, rest = item / rowItems;
            int n = rest / channelItems, c0 = rest % channelItems * perItem;
            int c1 = Math.Min(g.InChannels, c0 + perItem);
            int y0 = rows * DataRowsPerItem, y1 = Math.Min(g.InHeight, y0 + DataRowsPerItem);
            int ci = c0;
            for (; grouped && ci + GroupChannels <= c1; ci += GroupChannels)
                for (int iy0 = y0; iy0 < y1; iy0 += TileRows)
                    BackwardDataTileRow3<TS, TV>(dyp, plane, stride, w, dx, g, n, ci, iy0);
            for (; ci < c1; ci++)
                for (int iy0 = y0; iy0 < y1; iy0 += TileRows)
                    BackwardDataTileRow<TS, TV>(dyp, plane, stride, w, dx, g, n, ci, iy0);
        });
    }

    /// <summary>Input channels per work item of the grouped data gradient (two groups of <see cref="GroupChannels"/>).</summary>
    private const int DataChannelsPerItem = 2 * GroupChannels;

    /// <summary>Input rows per work item of the data gradient (a multiple of <see cref="TileRows"/>).</summary>
    private const int DataRowsPerItem = 8 * TileRows;

    /// <summary><see cref="BackwardDataTileRow{TS, TV}"/> for input channels ci0 .. ci0 + 2 at once, each gradient vector loaded once for the three.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardDataTileRow3<TS, TV>(float* dyp, int plane, int stride, float* w, float* dx, in Conv2dGeometry g,
        int n, int ci0, int iy0)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, kh = g.KernelH, kw = g.KernelW, taps = kh * kw, cout = g.OutChannels;
        int h = g.InHeight, wd = g.InWidth;
        int rows = Math.Min(TileRows, h - iy0);
        nint xStride = (nint)h * wd;
        float* dxTile = dx + (((nint)n * g.InChannels + ci0) * h + iy0) * wd;
        float* dyn = dyp + (nint)n * cout * plane + (nint)(iy0 + g.PadH + kh - 1) * stride + g.PadW + kw - 1;
        float* tmp = stackalloc float[TileRows * 2 * 16];
        nint r1 = stride, r2 = 2 * stride, r3 = 3 * stride;
        for (int ix0 = 0; ix0 < wd; ix0 += 2 * vw)
        {
            TV a00 = TS.Zero, a01 = TS.Zero, a10 = TS.Zero, a11 = TS.Zero, a20 = TS.Zero, a21 = TS.Zero, a30 = TS.Zero, a31 = TS.Zero;
            TV b00 = TS.Zero, b01 = TS.Zero, b10 = TS.Zero, b11 = TS.Zero, b20 = TS.Zero, b21 = TS.Zero, b30 = TS.Zero, b31 = TS.Zero;
            TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
            for (int co = 0; co < cout; co++)
            {
                float* wc = w + ((nint)co * g.InChannels + ci0) * taps;
                float* dc = dyn + (nint)co * plane + ix0;
                for (int ky = 0; ky < kh; ky++, wc += kw)
                {
                    float* row = dc - (nint)ky * stride;
                    for (int kx = 0; kx < kw; kx++)
                    {
                        TV sa = TS.Splat(wc[kx]), sb = TS.Splat(wc[taps + kx]), sc = TS.Splat(wc[2 * taps + kx]);
                        float* d = row - kx;
                        TV v = TS.Load(d);
                        a00 = TS.MulAdd(v, sa, a00); b00 = TS.MulAdd(v, sb, b00); c00 = TS.MulAdd(v, sc, c00);
                        v = TS.Load(d + vw);
                        a01 = TS.MulAdd(v, sa, a01); b01 = TS.MulAdd(v, sb, b01); c01 = TS.MulAdd(v, sc, c01);
                        v = TS.Load(d + r1);
                        a10 = TS.MulAdd(v, sa, a10); b10 = TS.MulAdd(v, sb, b10); c10 = TS.MulAdd(v, sc, c10);
                        v = TS.Load(d + r1 + vw);
                        a11 = TS.MulAdd(v, sa, a11); b11 = TS.MulAdd(v, sb, b11); c11 = TS.MulAdd(v, sc, c11);
                        v = TS.Load(d + r2);
                        a20 = TS.MulAdd(v, sa, a20); b20 = TS.MulAdd(v, sb, b20); c20 = TS.MulAdd(v, sc, c20);
                        v = TS.Load(d + r2 + vw);
                        a21 = TS.MulAdd(v, sa, a21); b21 = TS.MulAdd(v, sb, b21); c21 = TS.MulAdd(v, sc, c21);
                        v = TS.Load(d + r3);
                        a30 = TS.MulAdd(v, sa, a30); b30 = TS.MulAdd(v, sb, b30); c30 = TS.MulAdd(v, sc, c30);
                        v = TS.Load(d + r3 + vw);
                        a31 = TS.MulAdd(v, sa, a31); b31 = TS.MulAdd(v, sb, b31); c31 = TS.MulAdd(v, sc, c31);
                    }
                }
            }
            int count = Math.Min(2 * vw, wd - ix0);
            AddTile<TS, TV>(tmp, dxTile + ix0, wd, rows, count, a00, a01, a10, a11, a20, a21, a30, a31);
            AddTile<TS, TV>(tmp, dxTile + xStride + ix0, wd, rows, count, b00, b01, b10, b11, b20, b21, b30, b31);
            AddTile<TS, TV>(tmp, dxTile + 2 * xStride + ix0, wd, rows, count, c00, c01, c10, c11, c20, c21, c30, c31);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardDataTileRow<TS, TV>(float* dyp, int plane, int stride, float* w, float* dx, in Conv2dGeometry g,
        int n, int ci, int iy0)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, kh = g.KernelH, kw = g.KernelW, taps = kh * kw, cout = g.OutChannels;
        int h = g.InHeight, wd = g.InWidth;
        int rows = Math.Min(TileRows, h - iy0);
        float* dxTile = dx + (((nint)n * g.InChannels + ci) * h + iy0) * wd;
        float* dyn = dyp + (nint)n * cout * plane + (nint)(iy0 + g.PadH + kh - 1) * stride + g.PadW + kw - 1;
        float* tmp = stackalloc float[TileRows * 2 * 16];
        nint r1 = stride, r2 = 2 * stride, r3 = 3 * stride;
        for (int ix0 = 0; ix0 < wd; ix0 += 2 * vw)
        {
            TV a00 = TS.Zero, a01 = TS.Zero, a10 = TS.Zero, a11 = TS.Zero;
            TV a20 = TS.Zero, a21 = TS.Zero, a30 = TS.Zero, a31 = TS.Zero;
            for (int co = 0; co < cout; co++)
            {
                float* wc = w + ((nint)co * g.InChannels + ci) * taps;
                float* dc = dyn + (nint)co * plane + ix0;
                for (int ky = 0; ky < kh; ky++, wc += kw)
                {
                    float* row = dc - (nint)ky * stride;
                    for (int kx = 0; kx < kw; kx++)
                    {
                        TV s = TS.Splat(wc[kx]);
                        float* d = row - kx;
                        a00 = TS.MulAdd(TS.Load(d), s, a00);
                        a01 = TS.MulAdd(TS.Load(d + vw), s, a01);
                        a10 = TS.MulAdd(TS.Load(d + r1), s, a10);
                        a11 = TS.MulAdd(TS.Load(d + r1 + vw), s, a11);
                        a20 = TS.MulAdd(TS.Load(d + r2), s, a20);
                        a21 = TS.MulAdd(TS.Load(d + r2 + vw), s, a21);
                        a30 = TS.MulAdd(TS.Load(d + r3), s, a30);
                        a31 = TS.MulAdd(TS.Load(d + r3 + vw), s, a31);
                    }
                }
            }
            StoreTile<TS, TV>(tmp, a00, a01, a10, a11, a20, a21, a30, a31);
            AddTile(tmp, 2 * vw, dxTile + ix0, wd, rows, Math.Min(2 * vw, wd - ix0));
        }
    }

    /// <summary>
    /// dw[co, ci, ky, kx] += Σ over n, oy, ox of dy[n, co, oy, ox]·padded[n, ci, oy + ky, ox + kx], with dy in rows of
    /// whole vectors (copied with zeros past OW unless OW is a multiple of the vector) so the lanes past the row end add
    /// nothing. Work items: (group of output channels, block of input channels), each writing its own weights.
    /// </summary>
    private static void BackwardWeight<TS, TV>(float* dy, float* x, float* dw, Conv2dGeometry g, bool grouped)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, oh = g.OutHeight, ow = g.OutWidth, owv = RoundUp(ow, vw), cout = g.OutChannels;
        float* xp = PadInput(x, g, vw, 0, out int plane, out int wp);
        int planes = g.Batch * cout;
        float* dyz = dy;
        if (owv != ow)
        {
            dyz = SmallConvWorkspace.Get(1, (long)planes * oh * owv);
            for (int c = 0; c < planes; c++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    float* d = dyz + ((nint)c * oh + oy) * owv;
                    new ReadOnlySpan<float>(dy + ((nint)c * oh + oy) * ow, ow).CopyTo(new Span<float>(d, ow));
                    new Span<float>(d + ow, owv - ow).Clear();
                }
            }
        }
        float* dys = dyz;
        // Grouped: two input channels per item (ResNet's tail, 64→3, makes 32 items rather than 8).
        int perItem = grouped ? 2 : ChannelsPerItem;
        int channelItems = (g.InChannels + perItem - 1) / perItem;
        int groups = grouped ? Groups(cout, true) : 1, size = grouped ? GroupChannels : cout;
        long work = (long)g.OutputLength * g.InChannels * g.KernelH * g.KernelW;
        Parallelism.ForIfWorthwhile(groups * channelItems, work, item =>
        {
            int co0 = item / channelItems * size, co1 = Math.Min(cout, co0 + size);
            int c0 = item % channelItems * perItem, c1 = Math.Min(g.InChannels, c0 + perItem);
            for (int ci = c0; ci < c1; ci++)
            {
                if (grouped && co1 - co0 == GroupChannels)
                    BackwardWeightChannel3<TS, TV>(dys, xp, plane, wp, dw, g, ci, co0);
                else
                    for (int co = co0; co < co1; co++)
                        BackwardWeightChannel<TS, TV>(dys, xp, plane, wp, dw, g, ci, co);
            }
        });
    }

    /// <summary>dw[co, ci, :, :] += the sums, four taps kx0 .. kx0 + 3 at a time (sums for taps past kW stay inside the padded row and are dropped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardWeightChannel<TS, TV>(float* dyz, float* xp, int plane, int wp, float* dw, in Conv2dGeometry g, int ci, int co)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, kh = g.KernelH, kw = g.KernelW, cin = g.InChannels, cout = g.OutChannels;
        int oh = g.OutHeight, owv = RoundUp(g.OutWidth, vw);
        float* dwc = dw + ((nint)co * cin + ci) * kh * kw;
        for (int ky = 0; ky < kh; ky++)
        {
            for (int kx0 = 0; kx0 < kw; kx0 += 4)
            {
                TV a0 = TS.Zero, a1 = TS.Zero, a2 = TS.Zero, a3 = TS.Zero;
                for (int n = 0; n < g.Batch; n++)
                {
                    float* xc = xp + ((nint)n * cin + ci) * plane + (nint)ky * wp + kx0;
                    float* dc = dyz + ((nint)n * cout + co) * oh * owv;
                    for (int oy = 0; oy < oh; oy++, xc += wp, dc += owv)
                    {
                        for (int v = 0; v < owv; v += vw)
                        {
                            TV d = TS.Load(dc + v);
                            float* xr = xc + v;
                            a0 = TS.MulAdd(d, TS.Load(xr), a0);
                            a1 = TS.MulAdd(d, TS.Load(xr + 1), a1);
                            a2 = TS.MulAdd(d, TS.Load(xr + 2), a2);
                            a3 = TS.MulAdd(d, TS.Load(xr + 3), a3);
                        }
                    }
                }
                AddSums<TS, TV>(dwc + ky * kw + kx0, Math.Min(4, kw - kx0), a0, a1, a2, a3);
            }
        }
    }

    /// <summary>
    /// <see cref="BackwardWeightChannel{TS, TV}"/> for output channels co0 .. co0 + 2 at once: 12 accumulators (3
    /// channels × 4 taps), each shifted input vector loaded once for the three; the same sums in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardWeightChannel3<TS, TV>(float* dyz, float* xp, int plane, int wp, float* dw, in Conv2dGeometry g, int ci, int co0)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, kh = g.KernelH, kw = g.KernelW, cin = g.InChannels, cout = g.OutChannels, taps = kh * kw;
        int oh = g.OutHeight, owv = RoundUp(g.OutWidth, vw);
        nint dyPlane = (nint)oh * owv, dwStride = (nint)cin * taps;
        float* dwc = dw + ((nint)co0 * cin + ci) * taps;
        for (int ky = 0; ky < kh; ky++)
        {
            int kx0 = 0;
            // Eight taps while more than four remain (their reads stay inside the row's kW + 2 margin), then four.
            for (; kw - kx0 > 4; kx0 += 8)
                WeightTaps8<TS, TV>(dyz, xp + (nint)ci * plane + (nint)ky * wp + kx0, plane, wp, dwc + ky * kw + kx0, g, co0,
                    Math.Min(8, kw - kx0), dwStride);
            for (; kx0 < kw; kx0 += 4)
            {
                TV a0 = TS.Zero, a1 = TS.Zero, a2 = TS.Zero, a3 = TS.Zero;
                TV b0 = TS.Zero, b1 = TS.Zero, b2 = TS.Zero, b3 = TS.Zero;
                TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero;
                for (int n = 0; n < g.Batch; n++)
                {
                    float* xc = xp + ((nint)n * cin + ci) * plane + (nint)ky * wp + kx0;
                    float* dc = dyz + ((nint)n * cout + co0) * dyPlane;
                    for (int oy = 0; oy < oh; oy++, xc += wp, dc += owv)
                    {
                        for (int v = 0; v < owv; v += vw)
                        {
                            float* xr = xc + v;
                            TV x0 = TS.Load(xr), x1 = TS.Load(xr + 1), x2 = TS.Load(xr + 2), x3 = TS.Load(xr + 3);
                            TV d = TS.Load(dc + v);
                            a0 = TS.MulAdd(d, x0, a0); a1 = TS.MulAdd(d, x1, a1); a2 = TS.MulAdd(d, x2, a2); a3 = TS.MulAdd(d, x3, a3);
                            d = TS.Load(dc + dyPlane + v);
                            b0 = TS.MulAdd(d, x0, b0); b1 = TS.MulAdd(d, x1, b1); b2 = TS.MulAdd(d, x2, b2); b3 = TS.MulAdd(d, x3, b3);
                            d = TS.Load(dc + 2 * dyPlane + v);
                            c0 = TS.MulAdd(d, x0, c0); c1 = TS.MulAdd(d, x1, c1); c2 = TS.MulAdd(d, x2, c2); c3 = TS.MulAdd(d, x3, c3);
                        }
                    }
                }
                int count = Math.Min(4, kw - kx0), t = ky * kw + kx0;
                AddSums<TS, TV>(dwc + t, count, a0, a1, a2, a3);
                AddSums<TS, TV>(dwc + dwStride + t, count, b0, b1, b2, b3);
                AddSums<TS, TV>(dwc + 2 * dwStride + t, count, c0, c1, c2, c3);
            }
        }
    }

    /// <summary>
    /// Eight taps × three output channels: 24 accumulators; per vector of output pixels 3 gradient loads and 8
    /// shifted input loads for 24 multiply-adds (four taps: 7 loads for 12). <paramref name="x0"/> points at image 0's
    /// channel row (ky, kx0); <paramref name="t"/> at dw[co0, ci, ky, kx0]; the first <paramref name="count"/> sums are kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightTaps8<TS, TV>(float* dyz, float* x0, int plane, int wp, float* t, in Conv2dGeometry g, int co0,
        int count, nint dwStride)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        int vw = TS.Count, cin = g.InChannels, cout = g.OutChannels, oh = g.OutHeight, owv = RoundUp(g.OutWidth, vw);
        nint dyPlane = (nint)oh * owv;
        TV a0 = TS.Zero, a1 = TS.Zero, a2 = TS.Zero, a3 = TS.Zero, a4 = TS.Zero, a5 = TS.Zero, a6 = TS.Zero, a7 = TS.Zero;
        TV b0 = TS.Zero, b1 = TS.Zero, b2 = TS.Zero, b3 = TS.Zero, b4 = TS.Zero, b5 = TS.Zero, b6 = TS.Zero, b7 = TS.Zero;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero;
        for (int n = 0; n < g.Batch; n++)
        {
            float* xc = x0 + (nint)n * cin * plane;
            float* dc = dyz + ((nint)n * cout + co0) * dyPlane;
            for (int oy = 0; oy < oh; oy++, xc += wp, dc += owv)
            {
                for (int v = 0; v < owv; v += vw)
                {
                    float* xr = xc + v;
                    TV da = TS.Load(dc + v), db = TS.Load(dc + dyPlane + v), dc2 = TS.Load(dc + 2 * dyPlane + v);
                    TV x = TS.Load(xr);
                    a0 = TS.MulAdd(da, x, a0); b0 = TS.MulAdd(db, x, b0); c0 = TS.MulAdd(dc2, x, c0);
                    x = TS.Load(xr + 1);
                    a1 = TS.MulAdd(da, x, a1); b1 = TS.MulAdd(db, x, b1); c1 = TS.MulAdd(dc2, x, c1);
                    x = TS.Load(xr + 2);
                    a2 = TS.MulAdd(da, x, a2); b2 = TS.MulAdd(db, x, b2); c2 = TS.MulAdd(dc2, x, c2);
                    x = TS.Load(xr + 3);
                    a3 = TS.MulAdd(da, x, a3); b3 = TS.MulAdd(db, x, b3); c3 = TS.MulAdd(dc2, x, c3);
                    x = TS.Load(xr + 4);
                    a4 = TS.MulAdd(da, x, a4); b4 = TS.MulAdd(db, x, b4); c4 = TS.MulAdd(dc2, x, c4);
                    x = TS.Load(xr + 5);
                    a5 = TS.MulAdd(da, x, a5); b5 = TS.MulAdd(db, x, b5); c5 = TS.MulAdd(dc2, x, c5);
                    x = TS.Load(xr + 6);
                    a6 = TS.MulAdd(da, x, a6); b6 = TS.MulAdd(db, x, b6); c6 = TS.MulAdd(dc2, x, c6);
                    x = TS.Load(xr + 7);
                    a7 = TS.MulAdd(da, x, a7); b7 = TS.MulAdd(db, x, b7); c7 = TS.MulAdd(dc2, x, c7);
                }
            }
        }
        AddSums<TS, TV>(t, Math.Min(4, count), a0, a1, a2, a3);
        AddSums<TS, TV>(t + dwStride, Math.Min(4, count), b0, b1, b2, b3);
        AddSums<TS, TV>(t + 2 * dwStride, Math.Min(4, count), c0, c1, c2, c3);
        if (count > 4)
        {
            AddSums<TS, TV>(t + 4, count - 4, a4, a5, a6, a7);
            AddSums<TS, TV>(t + dwStride + 4, count - 4, b4, b5, b6, b7);
            AddSums<TS, TV>(t + 2 * dwStride + 4, count - 4, c4, c5, c6, c7);
        }
    }

    /// <summary>t[i] += Sum(a_i) for the first <paramref name="count"/> of four accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums<TS, TV>(float* t, int count, TV a0, TV a1, TV a2, TV a3)
        where TS : struct, ISimdFloat<TV>
        where TV : unmanaged
    {
        t[0] += TS.Sum(a0);
        if (count > 1)
            t[1] += TS.Sum(a1);
        if (count > 2)
            t[2] += TS.Sum(a2);
        if (count > 3)
            t[3] += TS.Sum(a3);
    }

    private readonly struct ForwardKernel(float* x, float* w, float* y, Conv2dGeometry g, bool grouped) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => Forward<TSimd, TVec>(x, w, y, g, grouped);
    }

    private readonly struct BackwardDataKernel(float* dy, float* w, float* dx, Conv2dGeometry g, bool grouped) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => BackwardData<TSimd, TVec>(dy, w, dx, g, grouped);
    }

    private readonly struct BackwardWeightKernel(float* dy, float* x, float* dw, Conv2dGeometry g, bool grouped) : ISimdKernel
    {
        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimdFloat<TVec>
            where TVec : unmanaged
            => BackwardWeight<TSimd, TVec>(dy, x, dw, g, grouped);
    }
}

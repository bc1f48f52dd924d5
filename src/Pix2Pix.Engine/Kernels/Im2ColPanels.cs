using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The column matrix of one image as a GEMM B operand, unfolded straight into the packed panels (no im2col buffer):
/// B[p, j] = col[p, j], p = (c·kH + ky)·kW + kx (k dimension), j = oy·OW + ox (n dimension).
/// </summary>
internal readonly unsafe struct Im2ColPanelSource(float* image, Conv2dGeometry g, bool vector512) : IGemmPanelSource
{
    private readonly Im2ColShape _shape = new(g, vector512);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        Im2ColShape s = _shape;
        if (s.PackPanel(image, p0, kc, j0, cols, nr, dst))
            return;
        for (int pp = 0; pp < kc; pp++)
        {
            float* d = dst + pp * nr;
            s.Gather(image, p0 + pp, j0, cols, d, 1);
            new Span<float>(d + cols, nr - cols).Clear();
        }
    }
}

/// <summary>
/// The transposed column matrix of one image as a GEMM B operand (for weight gradients):
/// B[p, j] = col[j, p], p = oy·OW + ox (k dimension), j = (c·kH + ky)·kW + kx (n dimension).
/// </summary>
internal readonly unsafe struct Im2ColTransposedPanelSource(float* image, Conv2dGeometry g) : IGemmPanelSource
{
    private readonly Im2ColShape _shape = new(g, vector512: false);

    /// <summary>4-wide kernel rows: a panel's row is whole 4×kH patches, copied four values at a time.</summary>
    private readonly bool _patches = g.KernelW == 4 && Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        int taps = g.KernelH * g.KernelW;
        if (_patches && j0 % taps == 0 && cols % taps == 0)
        {
            Im2ColPatches.Pack(image, g, p0, kc, j0 / taps, cols / taps, nr, dst);
            return;
        }
        PackRows(p0, kc, j0, cols, nr, dst);
    }

    /// <summary>
    /// The panel row by row (one output position per row): each row's taps read through a table of their offsets
    /// in the image, so the stores run along the row. (Gathering tap by tap wrote every row's cache line once per tap,
    /// 32 times, from a panel larger than L1: the 3×3 stride-2 layers' weight gradients ran at 30–40 % of the peak.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PackRows(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        int kh = g.KernelH, kw = g.KernelW, h = g.InHeight, w = g.InWidth, ow = g.OutWidth, taps = kh * kw;
        int* offset = stackalloc int[cols];
        int* tapY = stackalloc int[cols];
        int* tapX = stackalloc int[cols];
        for (int jj = 0; jj < cols; jj++)
        {
            int j = j0 + jj, c = j / taps, r = j - c * taps, ky = r / kw, kx = r - ky * kw;
            tapY[jj] = ky;
            tapX[jj] = kx;
            offset[jj] = (c * h + ky) * w + kx;
        }
        int oy = p0 / ow, ox = p0 - oy * ow;
        for (int pp = 0; pp < kc; pp++)
        {
            float* row = dst + (nint)pp * nr;
            int iy0 = oy * g.StrideH - g.PadH, ix0 = ox * g.StrideW - g.PadW;
            float* origin = image + ((nint)iy0 * w + ix0);
            if (iy0 >= 0 && iy0 + kh <= h && ix0 >= 0 && ix0 + kw <= w)
            {
                // (AVX2's gather, eight taps at a time, measured slower than these loads.)
                for (int jj = 0; jj < cols; jj++)
                    row[jj] = origin[offset[jj]];
            }
            else
            {
                for (int jj = 0; jj < cols; jj++)
                {
                    int iy = iy0 + tapY[jj], ix = ix0 + tapX[jj];
                    row[jj] = (uint)iy < (uint)h && (uint)ix < (uint)w ? origin[offset[jj]] : 0f;
                }
            }
            for (int jj = cols; jj < nr; jj++)
                row[jj] = 0;
            if (++ox == ow)
            {
                ox = 0;
                oy++;
            }
        }
    }

    /// <summary>The panel tap by tap (<see cref="Im2ColShape.Gather"/>): the reference <see cref="PackRows"/> is tested against.</summary>
    internal void PackByTaps(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        Im2ColShape s = _shape;
        for (int jj = 0; jj < cols; jj++)
            s.Gather(image, j0 + jj, p0, kc, dst + jj, nr);
        for (int jj = cols; jj < nr; jj++)
        {
            float* d = dst + jj;
            for (int p = 0; p < kc; p++)
                d[(nint)p * nr] = 0;
        }
    }
}

/// <summary>
/// The transposed column matrices of a whole batch stacked along k (for a batch's weight gradient as one product):
/// B[p, j] = col_n[j, q] with p = n·OH·OW + q. Each packed slice is cut at image boundaries.
/// </summary>
internal readonly unsafe struct BatchIm2ColTransposedPanelSource(float* images, Conv2dGeometry g) : IGemmPanelSource
{
    private readonly int _plane = g.OutHeight * g.OutWidth;
    private readonly nint _imageSize = (nint)g.InChannels * g.InHeight * g.InWidth;

    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        for (int done = 0; done < kc;)
        {
            int position = p0 + done, n = position / _plane, q = position - n * _plane;
            int length = Math.Min(kc - done, _plane - q);
            new Im2ColTransposedPanelSource(images + n * _imageSize, g).Pack(q, length, j0, cols, nr, dst + (nint)done * nr);
            done += length;
        }
    }
}

/// <summary>
/// Rows p0 .. p0+kc (output positions) of whole channels c0 .. c0+channels: each row of the panel is those channels'
/// kH×4 input patches at that position (zero where they leave the image), written as 4-float runs.
/// </summary>
internal static unsafe class Im2ColPatches
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* image, in Conv2dGeometry g, int p0, int kc, int c0, int channels, int nr, float* dst)
    {
        int h = g.InHeight, w = g.InWidth, ow = g.OutWidth, kh = g.KernelH;
        int taps = kh * 4, used = channels * taps;
        nint planeSize = (nint)h * w;
        int oy = p0 / ow, ox = p0 - oy * ow;
        for (int pp = 0; pp < kc; pp++)
        {
            float* row = dst + (nint)pp * nr;
            int iy0 = oy * g.StrideH - g.PadH, ix0 = ox * g.StrideW - g.PadW;
            bool inside = ix0 >= 0 && ix0 + 4 <= w;
            for (int ci = 0; ci < channels; ci++)
            {
                float* plane = image + (c0 + ci) * planeSize;
                float* d = row + ci * taps;
                for (int ky = 0; ky < kh; ky++, d += 4)
                {
                    int iy = iy0 + ky;
                    if ((uint)iy >= (uint)h)
                    {
                        Vector128<float>.Zero.Store(d);
                        continue;
                    }
                    float* src = plane + (nint)iy * w + ix0;
                    if (inside)
                    {
                        Vector128.Load(src).Store(d);
                        continue;
                    }
                    for (int kx = 0; kx < 4; kx++)
                        d[kx] = (uint)(ix0 + kx) < (uint)w ? src[kx] : 0f;
                }
            }
            if (used < nr)
                new Span<float>(row + used, nr - used).Clear();
            if (++ox == ow)
            {
                ox = 0;
                oy++;
            }
        }
    }
}

/// <summary>
/// The convolution sizes the unfolding needs, read once. With <paramref name="vector512"/> (the Vector512 path),
/// stride-2 runs are de-interleaved with AVX-512 permutes instead of one element at a time.
/// </summary>
internal readonly unsafe struct Im2ColShape(Conv2dGeometry g, bool vector512)
{
    private readonly int _h = g.InHeight, _w = g.InWidth, _ow = g.OutWidth;
    private readonly int _kh = g.KernelH, _kw = g.KernelW, _sh = g.StrideH, _sw = g.StrideW, _ph = g.PadH, _pw = g.PadW;
    private readonly bool _deinterleave = vector512 && g.StrideW == 2;

    /// <summary>Whole 32-column panels within one output row are written as two masked vector rows (<see cref="PackRowPanel512"/>).</summary>
    private readonly bool _rowPanels512 = vector512 && g.StrideW <= 2;

    /// <summary>
    /// Writes col[row, j .. j+count) (one kernel tap over consecutive output positions) to d[0], d[stride], …:
    /// image[c, oy·sH − pH + ky, ox·sW − pW + kx], 0 in the padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gather(float* image, int row, int j, int count, float* d, nint stride)
    {
        int taps = _kh * _kw;
        int c = row / taps, r = row - c * taps, ky = r / _kw, kx = r - ky * _kw;
        float* plane = image + (nint)c * _h * _w;
        // Output columns whose input column lies inside the image, for this kx.
        int oxLo = Math.Max(0, CeilDiv(_pw - kx, _sw));
        int oxHi = Math.Min(_ow, FloorDiv(_w - 1 + _pw - kx, _sw) + 1);
        int oy = j / _ow, ox = j - oy * _ow;
        int q = 0;
        while (q < count)
        {
            int seg = Math.Min(_ow - ox, count - q);
            int iy = oy * _sh - _ph + ky;
            float* out0 = d + q * stride;
            if ((uint)iy >= (uint)_h)
            {
                Zero(out0, seg, stride);
            }
            else
            {
                int lo = Math.Clamp(oxLo, ox, ox + seg), hi = Math.Clamp(oxHi, lo, ox + seg);
                Zero(out0, lo - ox, stride);
                CopyRun(plane + (nint)iy * _w + (lo * _sw - _pw + kx), out0 + (lo - ox) * stride, hi - lo, stride);
                Zero(out0 + (hi - ox) * stride, ox + seg - hi, stride);
            }
            q += seg;
            ox = 0;
            oy++;
        }
    }

    /// <summary>Output rows a panel may span for <see cref="PackPanel"/> (narrower rows take <see cref="Gather"/>).</summary>
    private const int MaxPanelRows = 8;

    /// <summary>
    /// The B panel for output positions j0 .. j0+cols, which lie in one output row (the large layers: rows at least as
    /// wide as a panel) or span up to <see cref="MaxPanelRows"/> of them (the inner layers, 4–16 positions wide): rows
    /// p0 .. p0+kc written as <see cref="Gather"/> would, dst[pp·nr + q], zeros beyond cols, with the per-row work cut to
    /// a range check and one copy per output row (taps advance without divisions, and each output row's and kernel
    /// column's valid range is computed once per panel). Returns false, writing nothing, when the panel spans more rows
    /// or the kernel is wider than 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool PackPanel(float* image, int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        int oyFirst = j0 / _ow, ox0 = j0 - oyFirst * _ow;
        int rows = (ox0 + cols + _ow - 1) / _ow;
        if (rows > MaxPanelRows || _kw > 16)
            return false;
        // Segment r: output row oyFirst + r, panel offsets [start[r], start[r] + length[r]) for output columns from
        // first[r]; lo/hi[r·kW + kx]: the panel offsets of that segment that read the image, for kernel column kx.
        int* start = stackalloc int[MaxPanelRows];
        int* first = stackalloc int[MaxPanelRows];
        int* length = stackalloc int[MaxPanelRows];
        int* lo = stackalloc int[MaxPanelRows * 16];
        int* hi = stackalloc int[MaxPanelRows * 16];
        for (int r = 0, offset = 0; r < rows; r++)
        {
            first[r] = r == 0 ? ox0 : 0;
            length[r] = Math.Min(_ow - first[r], cols - offset);
            start[r] = offset;
            for (int kx = 0; kx < _kw; kx++)
            {
                int oxLo = Math.Max(0, CeilDiv(_pw - kx, _sw));
                int oxHi = Math.Min(_ow, FloorDiv(_w - 1 + _pw - kx, _sw) + 1);
                int a = Math.Clamp(oxLo - first[r], 0, length[r]);
                lo[r * 16 + kx] = offset + a;
                hi[r * 16 + kx] = offset + Math.Clamp(oxHi - first[r], a, length[r]);
            }
            offset += length[r];
        }
        int taps = _kh * _kw;
        int c = p0 / taps, rem = p0 - c * taps, ky = rem / _kw, kxNow = rem - ky * _kw;
        nint planeSize = (nint)_h * _w;
        int iyBase = oyFirst * _sh - _ph;
        if (rows == 1 && cols == 32 && nr == 32 && _rowPanels512)
        {
            PackRowPanel512(image, kc, c, ky, kxNow, iyBase, ox0, lo, hi, dst);
            return true;
        }
        if (ox0 == 0 && cols == 32 && nr == 32 && _rowPanels512 && (_ow == 16 || _ow == 8))
        {
            PackRowsPanel512(image, kc, c, ky, kxNow, iyBase, rows, lo, hi, dst);
            return true;
        }
        for (int pp = 0; pp < kc; pp++)
        {
            float* d = dst + (nint)pp * nr;
            float* plane = image + c * planeSize;
            for (int r = 0; r < rows; r++)
            {
                int iy = iyBase + r * _sh + ky;
                int segStart = start[r], segEnd = segStart + length[r];
                if ((uint)iy >= (uint)_h)
                {
                    new Span<float>(d + segStart, segEnd - segStart).Clear();
                    continue;
                }
                int a = lo[r * 16 + kxNow], b = hi[r * 16 + kxNow];
                if (a > segStart)
                    new Span<float>(d + segStart, a - segStart).Clear();
                CopyRun(plane + (nint)iy * _w + ((first[r] + a - segStart) * _sw - _pw + kxNow), d + a, b - a, 1);
                if (segEnd > b)
                    new Span<float>(d + b, segEnd - b).Clear();
            }
            if (cols < nr)
                new Span<float>(d + cols, nr - cols).Clear();
            if (++kxNow == _kw)
            {
                kxNow = 0;
                if (++ky == _kh)
                {
                    ky = 0;
                    c++;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// <see cref="PackPanel"/> for a whole 32-column panel within one output row, stride 1 or 2, on the Vector512 path:
    /// each of the kc rows is two vector stores of masked loads (the lanes outside the image, per kernel column
    /// [lo[kx], hi[kx]) of the panel, are neither read nor kept: they are zero), de-interleaved by a permute at stride
    /// 2 — no per-row calls. The same values as the copy-and-clear rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRowPanel512(float* image, int kc, int c, int ky, int kx, int iyBase, int ox0, int* lo, int* hi, float* dst)
    {
        // Input lanes (relative to the input column of panel column 0) each kernel column reads: [sW·lo, sW·(hi − 1) + 1).
        int blocks = 2 * _sw;
        var masks = stackalloc Vector512<float>[_kw * 4];
        for (int k = 0; k < _kw; k++)
        {
            int first = _sw * lo[k], end = hi[k] > lo[k] ? _sw * (hi[k] - 1) + 1 : first;
            for (int i = 0; i < blocks; i++)
                masks[k * 4 + i] = Im2Col.LaneRange(first - 16 * i, end - 16 * i);
        }
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        nint planeSize = (nint)_h * _w;
        int columnBase = ox0 * _sw - _pw;
        for (int pp = 0; pp < kc; pp++)
        {
            float* d = dst + (nint)pp * 32;
            int iy = iyBase + ky;
            if ((uint)iy >= (uint)_h)
            {
                Vector512<float>.Zero.Store(d);
                Vector512<float>.Zero.Store(d + 16);
            }
            else
            {
                // May point before the row: only the masked-in lanes are read.
                float* src = image + c * planeSize + (nint)iy * _w + columnBase + kx;
                Vector512<float>* m = masks + kx * 4;
                if (_sw == 1)
                {
                    Avx512F.MaskLoad(src, m[0], Vector512<float>.Zero).Store(d);
                    Avx512F.MaskLoad(src + 16, m[1], Vector512<float>.Zero).Store(d + 16);
                }
                else
                {
                    Vector512<float> v0 = Avx512F.MaskLoad(src, m[0], Vector512<float>.Zero);
                    Vector512<float> v1 = Avx512F.MaskLoad(src + 16, m[1], Vector512<float>.Zero);
                    Vector512<float> v2 = Avx512F.MaskLoad(src + 32, m[2], Vector512<float>.Zero);
                    Vector512<float> v3 = Avx512F.MaskLoad(src + 48, m[3], Vector512<float>.Zero);
                    Avx512F.PermuteVar16x32x2(v0, even, v1).Store(d);
                    Avx512F.PermuteVar16x32x2(v2, even, v3).Store(d + 16);
                }
            }
            if (++kx == _kw)
            {
                kx = 0;
                if (++ky == _kh)
                {
                    ky = 0;
                    c++;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="PackPanel"/> for a whole 32-column panel of <paramref name="rows"/> whole output rows 16 or 8 wide
    /// (the U-Net's 32² → 16² and 16² → 8² layers), stride 1 or 2, on the Vector512 path: each output row's segment of
    /// each of the kc panel rows is one or two masked loads (the lanes outside the image are neither read nor kept),
    /// de-interleaved by a permute at stride 2, and one store. Every output row's segment has the same valid range per
    /// kernel column (segment 0's). The same values as the copy-and-clear rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRowsPanel512(float* image, int kc, int c, int ky, int kx, int iyBase, int rows, int* lo, int* hi, float* dst)
    {
        int ow = _ow;
        var masks = stackalloc Vector512<float>[_kw * 2];
        for (int k = 0; k < _kw; k++)
        {
            int first = _sw * lo[k], end = hi[k] > lo[k] ? _sw * (hi[k] - 1) + 1 : first;
            masks[k * 2] = Im2Col.LaneRange(first, end);
            masks[k * 2 + 1] = Im2Col.LaneRange(first - 16, end - 16);
        }
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        nint planeSize = (nint)_h * _w;
        for (int pp = 0; pp < kc; pp++)
        {
            float* d = dst + (nint)pp * 32;
            Vector512<float>* m = masks + kx * 2;
            float* plane = image + c * planeSize - _pw + kx;
            for (int r = 0; r < rows; r++, d += ow)
            {
                int iy = iyBase + r * _sh + ky;
                Vector512<float> v;
                if ((uint)iy >= (uint)_h)
                {
                    v = Vector512<float>.Zero;
                }
                else
                {
                    // May point before the row: only the masked-in lanes are read.
                    float* src = plane + (nint)iy * _w;
                    v = Avx512F.MaskLoad(src, m[0], Vector512<float>.Zero);
                    if (_sw == 2)
                    {
                        Vector512<float> v1 = ow == 16 ? Avx512F.MaskLoad(src + 16, m[1], Vector512<float>.Zero) : Vector512<float>.Zero;
                        v = Avx512F.PermuteVar16x32x2(v, even, v1);
                    }
                }
                if (ow == 16)
                    v.Store(d);
                else
                    v.GetLower().Store(d);
            }
            if (++kx == _kw)
            {
                kx = 0;
                if (++ky == _kh)
                {
                    ky = 0;
                    c++;
                }
            }
        }
    }

    /// <summary>o[x·stride] = src[x·sW] for x &lt; n: one run of a kernel tap inside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CopyRun(float* src, float* o, int n, nint stride)
    {
        if (_sw == 1 && stride == 1)
        {
            Buffer.MemoryCopy(src, o, n * sizeof(float), n * sizeof(float));
        }
        else if (_deinterleave && stride == 1)
        {
            TakeEven(src, o, n);
        }
        else
        {
            for (int x = 0; x < n; x++)
                o[x * stride] = src[x * _sw];
        }
    }

    /// <summary>o[x] = src[2·x] for x &lt; n, never reading past src[2·(n − 1)] nor writing past o[n − 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TakeEven(float* src, float* o, int n)
    {
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        int x = 0;
        // 16 outputs read src[2x .. 2x + 31]; the last needed element is src[2(n − 1)], so require x + 17 ≤ n.
        for (; x + 17 <= n; x += 16)
            Avx512F.PermuteVar16x32x2(Vector512.Load(src + 2 * x), even, Vector512.Load(src + 2 * x + 16)).Store(o + x);
        if (x == n)
            return;
        // The last 1–16 outputs by masked loads and a masked store (masked-off lanes are neither read nor written).
        int left = n - x, span = 2 * left - 1;
        Vector512<float> low = Avx512F.MaskLoad(src + 2 * x, Im2Col.FirstLanes(Math.Min(16, span)), Vector512<float>.Zero);
        Vector512<float> high = span > 16 ? Avx512F.MaskLoad(src + 2 * x + 16, Im2Col.FirstLanes(span - 16), Vector512<float>.Zero) : Vector512<float>.Zero;
        Avx512F.MaskStore(o + x, Im2Col.FirstLanes(left), Avx512F.PermuteVar16x32x2(low, even, high));
    }

    private static void Zero(float* d, int count, nint stride)
    {
        if (stride == 1)
        {
            new Span<float>(d, count).Clear();
            return;
        }
        for (int i = 0; i < count; i++)
            d[i * stride] = 0;
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}

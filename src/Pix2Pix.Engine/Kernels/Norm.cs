using System.Numerics;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// Batch and instance normalization over data laid out as (outer, groups, inner): group g normalizes the
/// outer·inner elements at [o, g, i]. Batch norm: (N, C, H·W). Instance norm: (1, N·C, H·W). The optional
/// affine weight and bias have a length dividing <c>groups</c>; group g uses entry g mod length.
/// Variance is the biased one (divide by the count), as PyTorch normalizes. Groups run in parallel; each group's
/// arithmetic is fixed, so results do not depend on the thread count.
/// </summary>
/// <seealso cref="Reference.NormReference"/>
internal static unsafe class Norm
{
    /// <summary>
    /// Normalizes with the statistics of the data itself; writes each group's mean, 1/√(var + eps) and biased
    /// variance (<paramref name="mean"/>, <paramref name="invStd"/>, <paramref name="variance"/>: length groups).
    /// </summary>
    public static void ForwardBatchStats(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int outer, int groups, int inner, float eps, Span<float> y, Span<float> mean, Span<float> invStd, Span<float> variance)
    {
        Check(x.Length, y.Length, weight.Length, bias.Length, outer, groups, inner);
        CheckStats(groups, mean.Length, invStd.Length, variance.Length);
        int m = outer * inner, wl = weight.Length, bl = bias.Length;
        // Instance norm (one row per group) normalizes each plane right after its statistics, while it is in cache,
        // with the same scale and shift as Normalize: one parallel loop and one pass over memory fewer.
        bool fused = outer == 1;
        fixed (float* px = x, pm = mean, ps = invStd, pv = variance, pw = weight, pb = bias, py = y)
        {
            nint ax = (nint)px, am = (nint)pm, aS = (nint)ps, av = (nint)pv, aw = (nint)pw, ab = (nint)pb, ay = (nint)py;
            ForGroups(groups, m, g =>
            {
                var xs = new ReadOnlySpan<float>((float*)ax, outer * groups * inner);
                double s = 0;
                for (int o = 0; o < outer; o++)
                    s += Sum(xs.Slice((o * groups + g) * inner, inner));
                double mu = s / m;
                double ss = 0;
                for (int o = 0; o < outer; o++)
                    ss += SumSquaredDeviation(xs.Slice((o * groups + g) * inner, inner), (float)mu);
                double var = ss / m;
                ((float*)am)[g] = (float)mu;
                ((float*)av)[g] = (float)var;
                ((float*)aS)[g] = (float)(1.0 / Math.Sqrt(var + eps));
                if (fused)
                {
                    float scale = ((float*)aS)[g] * (wl == 0 ? 1f : ((float*)aw)[g % wl]);
                    float shift = (bl == 0 ? 0f : ((float*)ab)[g % bl]) - ((float*)am)[g] * scale;
                    Elementwise.ScaleShift(xs.Slice(g * inner, inner), scale, shift, new Span<float>((float*)ay + (nint)g * inner, inner));
                }
            });
        }
        if (!fused)
            Normalize(x, weight, bias, outer, groups, inner, mean, invStd, y);
    }

    /// <summary>y = (x − mean[g])·invStd[g]·weight + bias, with given statistics (evaluation with running stats).</summary>
    public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int outer, int groups, int inner, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> y)
    {
        Check(x.Length, y.Length, weight.Length, bias.Length, outer, groups, inner);
        CheckStats(groups, mean.Length, invStd.Length, invStd.Length);
        int wl = weight.Length, bl = bias.Length, n = x.Length;
        fixed (float* px = x, pw = weight, pb = bias, pm = mean, ps = invStd, py = y)
        {
            nint ax = (nint)px, aw = (nint)pw, ab = (nint)pb, am = (nint)pm, aS = (nint)ps, ay = (nint)py;
            ForGroups(outer * groups, inner, row =>
            {
                int g = row % groups;
                float scale = ((float*)aS)[g] * (wl == 0 ? 1f : ((float*)aw)[g % wl]);
                float shift = (bl == 0 ? 0f : ((float*)ab)[g % bl]) - ((float*)am)[g] * scale;
                var xs = new ReadOnlySpan<float>((float*)ax + (nint)row * inner, inner);
                var ys = new Span<float>((float*)ay + (nint)row * inner, inner);
                Elementwise.ScaleShift(xs, scale, shift, ys);
            });
        }
    }

    /// <summary>
    /// Backward of <see cref="ForwardBatchStats"/> (the statistics depend on x):
    /// dx += w·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)); dweight += Σdy·x̂; dbias += Σdy. Empty destinations are skipped.
    /// </summary>
    public static void BackwardBatchStats(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, int outer, int groups, int inner,
        Span<float> dx, Span<float> dweight, Span<float> dbias) =>
        Backward(x, dy, weight, mean, invStd, outer, groups, inner, dx, dweight, dbias, batchStats: true);

    /// <summary>Backward of <see cref="Normalize"/> with fixed statistics: dx += dy·w·invStd; dweight += Σdy·x̂; dbias += Σdy.</summary>
    public static void BackwardFixedStats(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, int outer, int groups, int inner,
        Span<float> dx, Span<float> dweight, Span<float> dbias) =>
        Backward(x, dy, weight, mean, invStd, outer, groups, inner, dx, dweight, dbias, batchStats: false);

    private static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, int outer, int groups, int inner,
        Span<float> dx, Span<float> dweight, Span<float> dbias, bool batchStats)
    {
        Check(x.Length, dy.Length, weight.Length, weight.Length, outer, groups, inner);
        CheckStats(groups, mean.Length, invStd.Length, invStd.Length);
        if (!dx.IsEmpty && dx.Length != x.Length)
            throw new ArgumentException($"Norm backward: the input gradient has {dx.Length} elements but the input {x.Length}.", nameof(dx));
        int m = outer * inner, wl = weight.Length, n = x.Length;
        bool wantDx = !dx.IsEmpty;
        // The per-group sums live in a pooled buffer (no garbage per backward pass; a step runs a hundred of these).
        double[] sums = System.Buffers.ArrayPool<double>.Shared.Rent(2 * groups);
        try
        {
            fixed (float* px = x, pdy = dy, pw = weight, pm = mean, ps = invStd, pdx = dx)
            fixed (double* psums = sums)
            {
                nint ax = (nint)px, ady = (nint)pdy, aw = (nint)pw, am = (nint)pm, aS = (nint)ps, adx = (nint)pdx;
                nint aSumDy = (nint)psums, aSumDyXhat = (nint)(psums + groups);
                ForGroups(groups, m, g =>
                {
                    var xs = new ReadOnlySpan<float>((float*)ax, n);
                    var dys = new ReadOnlySpan<float>((float*)ady, n);
                    float mu = ((float*)am)[g], istd = ((float*)aS)[g];
                    double sDy = 0, sDyXc = 0;
                    for (int o = 0; o < outer; o++)
                    {
                        int at = (o * groups + g) * inner;
                        var (a, b) = SumAndCenteredDot(dys.Slice(at, inner), xs.Slice(at, inner), mu);
                        sDy += a;
                        sDyXc += b;
                    }
                    ((double*)aSumDy)[g] = sDy;
                    ((double*)aSumDyXhat)[g] = sDyXc * istd;
                    if (!wantDx)
                        return;
                    float k = istd * (wl == 0 ? 1f : ((float*)aw)[g % wl]);
                    var dxs = new Span<float>((float*)adx, n);
                    if (!batchStats)
                    {
                        for (int o = 0; o < outer; o++)
                        {
                            int at = (o * groups + g) * inner;
                            Elementwise.AddScaled(dys.Slice(at, inner), k, dxs.Slice(at, inner));
                        }
                        return;
                    }
                    // dx += k·(dy − meanDy − (x − μ)·invStd·meanDyXhat) = k·dy + c1·x + c0
                    float meanDy = (float)(sDy / m), meanDyXhat = (float)(sDyXc * istd / m);
                    float c1 = -k * istd * meanDyXhat;
                    float c0 = -k * meanDy - c1 * mu;
                    for (int o = 0; o < outer; o++)
                    {
                        int at = (o * groups + g) * inner;
                        AxpbyPlusC(dys.Slice(at, inner), k, xs.Slice(at, inner), c1, c0, dxs.Slice(at, inner));
                    }
                });
            }
            // Serial so that groups sharing an affine entry (instance norm) add up in a fixed order.
            for (int g = 0; g < groups; g++)
            {
                if (!dweight.IsEmpty) dweight[g % dweight.Length] += (float)sums[groups + g];
                if (!dbias.IsEmpty) dbias[g % dbias.Length] += (float)sums[g];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(sums);
        }
    }

    /// <summary>Elements of x per work item: about 128 KB.</summary>
    private const int ItemElements = 1 << 15;

    /// <summary>
    /// Runs <paramref name="body"/> for every group, in parallel by items of whole groups of about
    /// <see cref="ItemElements"/> elements, or here when the call is small. One item per group (a 32² plane is a few
    /// hundred nanoseconds of work) made two threads slower than one: each item's hand-out and each write of a group's
    /// statistics moved a cache line between the cores (instance norm over the resnet blocks' 256 planes, and the batch
    /// norms of a batch of one).
    /// </summary>
    private static void ForGroups(int groups, int elementsPerGroup, Action<int> body)
    {
        int perItem = Math.Max(1, ItemElements / Math.Max(1, elementsPerGroup));
        int items = (groups + perItem - 1) / perItem;
        Parallelism.ForIfWorthwhile(items, 4L * groups * elementsPerGroup, item =>
        {
            for (int g = item * perItem, end = Math.Min(groups, g + perItem); g < end; g++)
                body(g);
        });
    }

    /// <summary>
    /// Σx: float vector lanes over blocks of 1024, blocks added in double. Four independent vector sums per block (an
    /// add waits for the previous one's result, so a single chain ran at a quarter of the adder's rate: instance norm
    /// over the resnet blocks' 32² planes took ≈ 0.3 µs per plane, bound by that latency, not by memory).
    /// </summary>
    private static double Sum(ReadOnlySpan<float> x)
    {
        double total = 0;
        int w = Vector<float>.Count;
        for (int start = 0; start < x.Length; start += 1024)
        {
            var block = x.Slice(start, Math.Min(1024, x.Length - start));
            int i = 0;
            float s = 0;
            if (Vector.IsHardwareAccelerated && block.Length >= w)
            {
                Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (; i <= block.Length - 4 * w; i += 4 * w)
                {
                    a0 += new Vector<float>(block[i..]);
                    a1 += new Vector<float>(block[(i + w)..]);
                    a2 += new Vector<float>(block[(i + 2 * w)..]);
                    a3 += new Vector<float>(block[(i + 3 * w)..]);
                }
                for (; i <= block.Length - w; i += w)
                    a0 += new Vector<float>(block[i..]);
                s = Vector.Sum((a0 + a1) + (a2 + a3));
            }
            for (; i < block.Length; i++)
                s += block[i];
            total += s;
        }
        return total;
    }

    /// <summary>Σ(x − μ)², blocked like <see cref="Sum"/>, four vector sums per block.</summary>
    private static double SumSquaredDeviation(ReadOnlySpan<float> x, float mu)
    {
        double total = 0;
        var vmu = new Vector<float>(mu);
        int w = Vector<float>.Count;
        for (int start = 0; start < x.Length; start += 1024)
        {
            var block = x.Slice(start, Math.Min(1024, x.Length - start));
            int i = 0;
            float s = 0;
            if (Vector.IsHardwareAccelerated && block.Length >= w)
            {
                Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (; i <= block.Length - 4 * w; i += 4 * w)
                {
                    var d0 = new Vector<float>(block[i..]) - vmu;
                    var d1 = new Vector<float>(block[(i + w)..]) - vmu;
                    var d2 = new Vector<float>(block[(i + 2 * w)..]) - vmu;
                    var d3 = new Vector<float>(block[(i + 3 * w)..]) - vmu;
                    a0 += d0 * d0;
                    a1 += d1 * d1;
                    a2 += d2 * d2;
                    a3 += d3 * d3;
                }
                for (; i <= block.Length - w; i += w)
                {
                    var d = new Vector<float>(block[i..]) - vmu;
                    a0 += d * d;
                }
                s = Vector.Sum((a0 + a1) + (a2 + a3));
            }
            for (; i < block.Length; i++)
            {
                float d = block[i] - mu;
                s += d * d;
            }
            total += s;
        }
        return total;
    }

    /// <summary>(Σdy, Σdy·(x − μ)), blocked like <see cref="Sum"/>, two vector sums of each per block.</summary>
    private static (double SumDy, double SumDyXc) SumAndCenteredDot(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, float mu)
    {
        double t0 = 0, t1 = 0;
        var vmu = new Vector<float>(mu);
        int w = Vector<float>.Count;
        for (int start = 0; start < x.Length; start += 1024)
        {
            int len = Math.Min(1024, x.Length - start);
            var bd = dy.Slice(start, len);
            var bx = x.Slice(start, len);
            int i = 0;
            float s0 = 0, s1 = 0;
            if (Vector.IsHardwareAccelerated && len >= w)
            {
                Vector<float> a0 = Vector<float>.Zero, a1 = a0, b0 = a0, b1 = a0;
                for (; i <= len - 2 * w; i += 2 * w)
                {
                    var g0 = new Vector<float>(bd[i..]);
                    var g1 = new Vector<float>(bd[(i + w)..]);
                    a0 += g0;
                    a1 += g1;
                    b0 += g0 * (new Vector<float>(bx[i..]) - vmu);
                    b1 += g1 * (new Vector<float>(bx[(i + w)..]) - vmu);
                }
                for (; i <= len - w; i += w)
                {
                    var g = new Vector<float>(bd[i..]);
                    a0 += g;
                    b0 += g * (new Vector<float>(bx[i..]) - vmu);
                }
                s0 = Vector.Sum(a0 + a1);
                s1 = Vector.Sum(b0 + b1);
            }
            for (; i < len; i++)
            {
                s0 += bd[i];
                s1 += bd[i] * (bx[i] - mu);
            }
            t0 += s0;
            t1 += s1;
        }
        return (t0, t1);
    }

    /// <summary>destination += a·k + b·c1 + c0.</summary>
    private static void AxpbyPlusC(ReadOnlySpan<float> a, float k, ReadOnlySpan<float> b, float c1, float c0, Span<float> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vk = new Vector<float>(k);
            var v1 = new Vector<float>(c1);
            var v0 = new Vector<float>(c0);
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(destination[i..]) + new Vector<float>(a[i..]) * vk + new Vector<float>(b[i..]) * v1 + v0).CopyTo(destination[i..]);
        }
        for (; i < a.Length; i++)
            destination[i] += a[i] * k + b[i] * c1 + c0;
    }

    private static void Check(int xLength, int yLength, int weightLength, int biasLength, int outer, int groups, int inner)
    {
        if (outer < 0 || groups < 0 || inner < 0 || (long)outer * groups * inner != xLength || yLength != xLength)
            throw new ArgumentException($"Norm kernel: {outer}×{groups}×{inner} does not match input length {xLength} and output/gradient length {yLength}.");
        if ((weightLength != 0 && groups % weightLength != 0) || (biasLength != 0 && groups % biasLength != 0))
            throw new ArgumentException($"Norm kernel: affine lengths {weightLength}/{biasLength} must divide the group count {groups}.");
    }

    private static void CheckStats(int groups, int a, int b, int c)
    {
        if (a < groups || b < groups || c < groups)
            throw new ArgumentException($"Norm kernel: the statistics spans ({a}, {b}, {c}) must hold one value per group ({groups}).");
    }
}

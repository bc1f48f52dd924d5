using System.Collections.Concurrent;

namespace Pix2Pix.Engine.Kernels;

/// <summary>How a convolution pass is computed.</summary>
internal enum ConvAlgorithm
{
    /// <summary><see cref="DirectConv"/>: stride 1, at most 4 output channels (forward and weight gradient: or at most 4 input channels).</summary>
    Direct,
    /// <summary><see cref="SmallSpatialConv"/>: at most 64 output pixels (forward and data gradient only).</summary>
    SmallSpatial,
    /// <summary>The column matrix (im2col) times the weight, through <see cref="Gemm"/>; <see cref="ConvColumns"/> says how B is given.</summary>
    Im2ColGemm,
    /// <summary><see cref="WinogradConv"/>: F(4×4, 3×3) for stride-1 3×3 layers with many channels, F(3×3, 4×4) for stride-1 4×4 ones.</summary>
    Winograd,
}

/// <summary>Where an <see cref="ConvAlgorithm.Im2ColGemm"/> pass gets its column matrix.</summary>
internal enum ConvColumns
{
    /// <summary>Not an im2col pass.</summary>
    None,
    /// <summary>1×1, stride 1, unpadded: the column matrix is the image itself.</summary>
    Input,
    /// <summary>Built whole (or by output-row chunks for the data gradient) in <see cref="ConvWorkspace"/>, then a plain GEMM.</summary>
    Buffer,
    /// <summary>Unfolded straight into the GEMM's packed panels (<see cref="Im2ColPanelSource"/> and kin), per image.</summary>
    Panels,
    /// <summary>Weight gradient of small planes: one product over the whole batch, output gradients side by side in the workspace.</summary>
    BatchPanels,
}

/// <summary>
/// One pass of a convolution plan. <paramref name="PackWeightOnce"/>: the weight is packed once for every image (and
/// chunk) instead of per product — the same panels, so the same bits. <paramref name="ChunkRows"/>: output rows per
/// col2im chunk (data gradient). <paramref name="WorkspaceFloats"/>: the <see cref="ConvWorkspace"/> it needs.
/// </summary>
internal readonly record struct ConvPassPlan(ConvAlgorithm Algorithm, ConvColumns Columns = ConvColumns.None,
    bool PackWeightOnce = false, int ChunkRows = 0, int WorkspaceFloats = 0);

/// <summary>
/// How one convolution geometry runs, chosen once per (geometry, SIMD path, thread count) and cached: the algorithm of
/// each pass (forward, data gradient, weight gradient), how its GEMM gets B, and the workspace it needs.
/// <see cref="Conv2dKernels"/> only executes plans; the GEMM is asked about its shapes through <see cref="Gemm"/>'s
/// small query surface. A new path (as Winograd was) is a new <see cref="ConvAlgorithm"/>, a rule in the Choose… methods
/// and a case in the executor.
/// </summary>
internal sealed class Conv2dPlan
{
    /// <summary>Plans kept before the cache starts over (a run uses a few dozen geometries; tests use many more).</summary>
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<(Conv2dGeometry Geometry, SimdPath Path, int Threads), Conv2dPlan> s_cache = new();

    private Conv2dPlan(in Conv2dGeometry g)
    {
        Geometry = g;
        Path = SimdPaths.Current;
        Threads = Parallelism.Degree;
        Forward = ChooseForward(g);
        BackwardData = ChooseBackwardData(g);
        BackwardWeight = ChooseBackwardWeight(g);
    }

    public Conv2dGeometry Geometry { get; }

    public SimdPath Path { get; }

    public int Threads { get; }

    public ConvPassPlan Forward { get; }

    public ConvPassPlan BackwardData { get; }

    public ConvPassPlan BackwardWeight { get; }

    /// <summary>The plan of <paramref name="g"/> on the current SIMD path and thread count (validated by the caller).</summary>
    public static Conv2dPlan For(in Conv2dGeometry g)
    {
        var key = (g, SimdPaths.Current, Parallelism.Degree);
        if (s_cache.TryGetValue(key, out Conv2dPlan? plan))
            return plan;
        if (s_cache.Count >= MaxCached)
            s_cache.Clear();
        plan = new Conv2dPlan(g);
        s_cache[key] = plan;
        return plan;
    }

    /// <summary>True when the column matrix is the input itself (1×1 kernel, stride 1, no padding).</summary>
    internal static bool IsPointwise(in Conv2dGeometry g)
        => g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0;

    /// <summary>
    /// Output rows per col2im chunk: about 2 MB of columns, but at least 256 columns wide, since every chunk streams the
    /// whole packed weight (8–16 MB for the U-Net's inner layers) again: at 128 columns that traffic cost the 16² → 32²
    /// transposed layers a quarter of their time. A function of the shape only, so results do not depend on the thread count.
    /// </summary>
    internal static int ColumnChunkRows(int k, int outHeight, int outWidth)
    {
        const int TargetElements = 1 << 19;
        int rows = TargetElements / Math.Max(1, k * outWidth);
        rows = Math.Max(rows, (256 + outWidth - 1) / outWidth);
        return Math.Clamp(rows, 1, outHeight);
    }

    private static ConvPassPlan ChooseForward(in Conv2dGeometry g)
    {
        if (DirectConv.AppliesToForwardAndWeight(g))
            return new(ConvAlgorithm.Direct);
        if (SmallSpatialConv.AppliesToForward(g))
            return new(ConvAlgorithm.SmallSpatial);
        if (WinogradConv.IsWorthwhileForward(g))
            return new(ConvAlgorithm.Winograd);
        return Im2ColForward(g);
    }

    /// <summary>The im2col pass of a forward (also what <see cref="WinogradConv"/> was measured against).</summary>
    internal static ConvPassPlan Im2ColForward(in Conv2dGeometry g)
    {
        int k = g.InChannels * g.KernelH * g.KernelW, p = g.OutHeight * g.OutWidth;
        if (IsPointwise(g))
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Input);
        if (Gemm.NeedsPlainB(g.OutChannels, p))
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Buffer, WorkspaceFloats: k * p);
        // A batch packs the weight once for all its images (the same panels each image's product would pack).
        return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Panels, PackWeightOnce: g.Batch > 1 && g.OutChannels > Gemm.SkinnyWidth);
    }

    private static ConvPassPlan ChooseBackwardData(in Conv2dGeometry g)
    {
        if (DirectConv.Applies(g))
            return new(ConvAlgorithm.Direct);
        if (SmallSpatialConv.AppliesToBackwardData(g))
            return new(ConvAlgorithm.SmallSpatial);
        if (WinogradConv.IsWorthwhileBackwardData(g))
            return new(ConvAlgorithm.Winograd);
        return Im2ColBackwardData(g);
    }

    /// <summary>The im2col pass of a data gradient (also what <see cref="WinogradConv"/> was measured against).</summary>
    internal static ConvPassPlan Im2ColBackwardData(in Conv2dGeometry g)
    {
        if (IsPointwise(g))
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Input);
        int k = g.InChannels * g.KernelH * g.KernelW, p = g.OutHeight * g.OutWidth;
        int chunkRows = ColumnChunkRows(k, g.OutHeight, g.OutWidth);
        int chunkCols = Math.Min(chunkRows * g.OutWidth, p);
        // Wᵀ is packed once for every chunk of every image when the chunks take the GEMM's regular path (the same
        // micro-panels it would pack per call, so the results are bit-identical), instead of once per chunk.
        int lastChunkCols = (g.OutHeight - (g.OutHeight - 1) / chunkRows * chunkRows) * g.OutWidth;
        // One image in one chunk packs it once anyway, slice by slice into a smaller buffer (8 MB instead of 16 for the
        // U-Net's 16² → 32² transposed layer).
        bool packOnce = (g.Batch > 1 || chunkRows < g.OutHeight)
            && k > Gemm.SkinnyWidth && !Gemm.NeedsPlainB(k, chunkCols) && !Gemm.NeedsPlainB(k, lastChunkCols);
        return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Buffer, packOnce, chunkRows, k * chunkCols);
    }

    private static ConvPassPlan ChooseBackwardWeight(in Conv2dGeometry g)
    {
        if (DirectConv.AppliesToForwardAndWeight(g))
            return new(ConvAlgorithm.Direct);
        if (WinogradConv.IsWorthwhileBackwardWeight(g))
            return new(ConvAlgorithm.Winograd);
        return Im2ColBackwardWeight(g);
    }

    /// <summary>The im2col pass of a weight gradient (also what <see cref="WinogradConv"/> was measured against).</summary>
    internal static ConvPassPlan Im2ColBackwardWeight(in Conv2dGeometry g)
    {
        if (IsPointwise(g))
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Input);
        int k = g.InChannels * g.KernelH * g.KernelW, p = g.OutHeight * g.OutWidth;
        if (Gemm.NeedsPlainB(g.OutChannels, k))
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Buffer, WorkspaceFloats: k * p);
        // Small planes: one product over the whole batch, so the gradient (up to 32 MB for the U-Net's inner layers)
        // is read and written once per k slice instead of once per image.
        if (g.Batch > 1 && p < Gemm.DepthBlock)
            return new(ConvAlgorithm.Im2ColGemm, ConvColumns.BatchPanels, WorkspaceFloats: g.OutChannels * g.Batch * p);
        return new(ConvAlgorithm.Im2ColGemm, ConvColumns.Panels);
    }
}

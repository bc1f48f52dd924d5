namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// The im2col + <see cref="Gemm"/> passes of a convolution, as its <see cref="ConvPassPlan"/> says
/// (<see cref="ConvAlgorithm.Im2ColGemm"/>): the column matrix is the input (<see cref="ConvColumns.Input"/>), a buffer
/// (<see cref="ConvColumns.Buffer"/>), or unfolded straight into the GEMM's panels (<see cref="ConvColumns.Panels"/>,
/// <see cref="ConvColumns.BatchPanels"/>). Layouts as <see cref="Conv2dKernels"/>. No checks.
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static unsafe class Im2ColGemmConv
{
    /// <summary>output += W·col(input), image by image.</summary>
    public static void ForwardAccumulate(in ConvPassPlan plan, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        Span<float> output, in Conv2dGeometry g)
    {
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        bool vector512 = SimdPaths.Current == SimdPath.Vector512;
        PackedMatrix packedWeight = plan.PackWeightOnce ? Gemm.PackA(false, g.OutChannels, k, weight, k) : default;
        Span<float> work = plan.Columns == ConvColumns.Buffer ? ConvWorkspace.Columns(plan.WorkspaceFloats) : default;
        fixed (float* pInput = input)
        {
            for (int n = 0; n < g.Batch; n++)
            {
                ReadOnlySpan<float> x = input.Slice(n * inSize, inSize);
                Span<float> y = output.Slice(n * outSize, outSize);
                switch (plan.Columns)
                {
                    case ConvColumns.Panels:
                        var source = new Im2ColPanelSource(pInput + (nint)n * inSize, g, vector512);
                        if (plan.PackWeightOnce)
                            Gemm.MultiplyPacked(packedWeight, p, source, y, p, accumulate: true);
                        else
                            Gemm.Multiply(g.OutChannels, p, k, weight, k, source, y, p, accumulate: true);
                        break;
                    case ConvColumns.Buffer:
                        Im2Col.Pack(x, work, g);
                        Gemm.Multiply(false, false, g.OutChannels, p, k, weight, k, work, p, y, p, accumulate: true);
                        break;
                    default:
                        Gemm.Multiply(false, false, g.OutChannels, p, k, weight, k, x, p, y, p, accumulate: true);
                        break;
                }
            }
        }
    }

    /// <summary>gradInput += col2im(Wᵀ·gradOutput), by chunks of output rows so the column buffer stays cache-sized.</summary>
    public static void BackwardDataAccumulate(in ConvPassPlan plan, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput, in Conv2dGeometry g)
    {
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        if (plan.Columns == ConvColumns.Input)
        {
            for (int n = 0; n < g.Batch; n++)
                Gemm.Multiply(true, false, k, p, g.OutChannels, weight, k, gradOutput.Slice(n * outSize, outSize), p,
                    gradInput.Slice(n * inSize, inSize), p, accumulate: true);
            return;
        }
        PackedMatrix packedWeight = plan.PackWeightOnce ? Gemm.PackA(true, k, g.OutChannels, weight, k) : default;
        Span<float> buffer = ConvWorkspace.Columns(plan.WorkspaceFloats);
        for (int n = 0; n < g.Batch; n++)
        {
            ReadOnlySpan<float> dy = gradOutput.Slice(n * outSize, outSize);
            Span<float> dx = gradInput.Slice(n * inSize, inSize);
            for (int oy0 = 0; oy0 < g.OutHeight; oy0 += plan.ChunkRows)
            {
                int oy1 = Math.Min(g.OutHeight, oy0 + plan.ChunkRows);
                int cols = (oy1 - oy0) * g.OutWidth;
                Span<float> work = buffer[..(k * cols)];
                if (plan.PackWeightOnce)
                    Gemm.MultiplyPacked(packedWeight, false, cols, dy[(oy0 * g.OutWidth)..], p, work, cols, accumulate: false);
                else
                    Gemm.Multiply(true, false, k, cols, g.OutChannels, weight, k, dy[(oy0 * g.OutWidth)..], p, work, cols, accumulate: false);
                Im2Col.AccumulateInto(work, dx, g, oy0, oy1);
            }
        }
    }

    /// <summary>gradWeight += gradOutput·col(input)ᵀ summed over the batch; with <paramref name="overwrite"/>, the first product is written over gradWeight.</summary>
    public static void BackwardWeightAccumulate(in ConvPassPlan plan, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input,
        Span<float> gradWeight, in Conv2dGeometry g, bool overwrite = false)
    {
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        if (plan.Columns == ConvColumns.BatchPanels)
        {
            // The output gradients side by side, [Cout, N·OH·OW], against every image's columns in one product.
            int batchColumns = g.Batch * p;
            Span<float> dyAll = ConvWorkspace.Columns(plan.WorkspaceFloats);
            for (int n = 0; n < g.Batch; n++)
                for (int co = 0; co < g.OutChannels; co++)
                    gradOutput.Slice(n * outSize + co * p, p).CopyTo(dyAll.Slice(co * batchColumns + n * p, p));
            fixed (float* pInput = input)
                Gemm.Multiply(g.OutChannels, k, batchColumns, dyAll, batchColumns, new BatchIm2ColTransposedPanelSource(pInput, g),
                    gradWeight, k, accumulate: !overwrite);
            return;
        }
        Span<float> work = plan.Columns == ConvColumns.Buffer ? ConvWorkspace.Columns(plan.WorkspaceFloats) : default;
        fixed (float* pInput = input)
        {
            for (int n = 0; n < g.Batch; n++)
            {
                ReadOnlySpan<float> x = input.Slice(n * inSize, inSize);
                ReadOnlySpan<float> dy = gradOutput.Slice(n * outSize, outSize);
                bool add = n > 0 || !overwrite;
                switch (plan.Columns)
                {
                    case ConvColumns.Panels:
                        Gemm.Multiply(g.OutChannels, k, p, dy, p, new Im2ColTransposedPanelSource(pInput + (nint)n * inSize, g),
                            gradWeight, k, accumulate: add);
                        break;
                    case ConvColumns.Buffer:
                        Im2Col.Pack(x, work, g);
                        Gemm.Multiply(false, true, g.OutChannels, k, p, dy, p, work, p, gradWeight, k, accumulate: add);
                        break;
                    default:
                        Gemm.Multiply(false, true, g.OutChannels, k, p, dy, p, x, p, gradWeight, k, accumulate: add);
                        break;
                }
            }
        }
    }
}

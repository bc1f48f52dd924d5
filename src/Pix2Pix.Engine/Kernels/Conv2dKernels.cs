using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, zero padding) via im2col + <see cref="Gemm"/>; 1×1 stride-1 unpadded layers
/// multiply directly. Two shapes where the GEMM would mostly copy take their own kernels: stride-1 layers with at most
/// four output channels (<see cref="DirectConv"/>, PatchGAN's last layer) and outputs of at most 64 pixels
/// (<see cref="SmallSpatialConv"/>, the U-Net's innermost layers; forward and data gradient).
/// Layouts: input [N, Cin, H, W], weight [Cout, Cin, kH, kW], output [N, Cout, OH, OW].
/// Spans may be longer than the geometry needs; only the leading elements are used.
/// </summary>
public static class Conv2dKernels
{
    /// <summary>output = conv(input, weight) + bias. <paramref name="bias"/> empty: no bias. The output is overwritten.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, in Conv2dGeometry g)
    {
        g.Validate();
        ConvArguments.RequireSource(input.Length, g.InputLength, nameof(input), "N·Cin·H·W");
        ConvArguments.RequireSource(weight.Length, g.WeightLength, nameof(weight), "Cout·Cin·kH·kW");
        ConvArguments.RequireOptional(bias.Length, g.OutChannels, nameof(bias), destination: false);
        ConvArguments.RequireDestination(output.Length, g.OutputLength, nameof(output), "N·Cout·OH·OW");
        FillBias(bias, output, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
        ForwardAccumulate(input, weight, output, g);
    }

    /// <summary>gradInput += the data-gradient of the convolution for <paramref name="gradOutput"/>.</summary>
    public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in Conv2dGeometry g)
    {
        g.Validate();
        ConvArguments.RequireSource(gradOutput.Length, g.OutputLength, nameof(gradOutput), "N·Cout·OH·OW");
        ConvArguments.RequireSource(weight.Length, g.WeightLength, nameof(weight), "Cout·Cin·kH·kW");
        ConvArguments.RequireDestination(gradInput.Length, g.InputLength, nameof(gradInput), "N·Cin·H·W");
        BackwardDataAccumulate(gradOutput, weight, gradInput, g);
    }

    /// <summary>gradWeight += the weight-gradient; gradBias += the bias-gradient (empty: not computed).</summary>
    public static void BackwardWeight(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        Span<float> gradBias, in Conv2dGeometry g)
    {
        g.Validate();
        ConvArguments.RequireSource(gradOutput.Length, g.OutputLength, nameof(gradOutput), "N·Cout·OH·OW");
        ConvArguments.RequireSource(input.Length, g.InputLength, nameof(input), "N·Cin·H·W");
        ConvArguments.RequireDestination(gradWeight.Length, g.WeightLength, nameof(gradWeight), "Cout·Cin·kH·kW");
        ConvArguments.RequireOptional(gradBias.Length, g.OutChannels, nameof(gradBias), destination: true);
        BackwardWeightAccumulate(gradOutput, input, gradWeight, g);
        if (!gradBias.IsEmpty)
            AccumulateBiasGradient(gradOutput, gradBias, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
    }

    /// <summary>True when the column matrix is the input itself (1×1 kernel, stride 1, no padding).</summary>
    internal static bool IsPointwise(in Conv2dGeometry g)
        => g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0;

    /// <summary>output += conv(input, weight), no checks.</summary>
    internal static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output,
        in Conv2dGeometry g)
    {
        if (DirectConv.Applies(g))
        {
            DirectConv.ForwardAccumulate(input, weight, output, g);
            return;
        }
        if (SmallSpatialConv.AppliesToForward(g))
        {
            SmallSpatialConv.ForwardAccumulate(input, weight, output, g);
            return;
        }
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        bool pointwise = IsPointwise(g);
        bool unfoldInPanels = !pointwise && !Gemm.NeedsColumnMatrix(g.OutChannels, p);
        // A batch packs the weight once for all its images (the same panels each image's product would pack).
        bool packOnce = unfoldInPanels && g.Batch > 1 && g.OutChannels > GemmSkinny.MaxWidth;
        PackedMatrix packedWeight = packOnce ? Gemm.PackA(false, g.OutChannels, k, weight, k) : default;
        for (int n = 0; n < g.Batch; n++)
        {
            ReadOnlySpan<float> x = input.Slice(n * inSize, inSize);
            Span<float> y = output.Slice(n * outSize, outSize);
            if (packOnce)
            {
                Gemm.MultiplyPackedIm2Col(packedWeight, x, g, y, p, accumulate: true);
                continue;
            }
            if (unfoldInPanels)
            {
                Gemm.MultiplyIm2Col(g.OutChannels, weight, k, x, g, y, p, accumulate: true);
                continue;
            }
            ReadOnlySpan<float> cols = x;
            if (!pointwise)
            {
                Span<float> work = ConvWorkspace.Columns(k * p);
                Im2Col.Pack(x, work, g);
                cols = work;
            }
            Gemm.Multiply(false, false, g.OutChannels, p, k, weight, k, cols, p, y, p, accumulate: true);
        }
    }

    /// <summary>gradInput += Wᵀ·gradOutput folded back by col2im, no checks.</summary>
    internal static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput, in Conv2dGeometry g)
    {
        if (DirectConv.Applies(g))
        {
            DirectConv.BackwardDataAccumulate(gradOutput, weight, gradInput, g);
            return;
        }
        if (SmallSpatialConv.AppliesToBackwardData(g))
        {
            SmallSpatialConv.BackwardDataAccumulate(gradOutput, weight, gradInput, g);
            return;
        }
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        bool pointwise = IsPointwise(g);
        int chunkRows = ColumnChunkRows(k, g.OutHeight, g.OutWidth);
        // Wᵀ is packed once for every chunk of every image when the chunks take the GEMM's regular path (the same
        // micro-panels it would pack per call, so the results are bit-identical), instead of once per chunk.
        int lastChunkCols = (g.OutHeight - (g.OutHeight - 1) / chunkRows * chunkRows) * g.OutWidth;
        bool packOnce = !pointwise && k > GemmSkinny.MaxWidth && g.OutChannels > 0
            && !Gemm.NeedsColumnMatrix(k, Math.Min(chunkRows * g.OutWidth, p)) && !Gemm.NeedsColumnMatrix(k, lastChunkCols);
        PackedMatrix packedWeight = packOnce ? Gemm.PackA(true, k, g.OutChannels, weight, k) : default;
        for (int n = 0; n < g.Batch; n++)
        {
            ReadOnlySpan<float> dy = gradOutput.Slice(n * outSize, outSize);
            Span<float> dx = gradInput.Slice(n * inSize, inSize);
            if (pointwise)
            {
                Gemm.Multiply(true, false, k, p, g.OutChannels, weight, k, dy, p, dx, p, accumulate: true);
                continue;
            }
            // Output rows in chunks, so the column buffer stays cache-sized: cols = Wᵀ·dy[:, chunk], then col2im.
            for (int oy0 = 0; oy0 < g.OutHeight; oy0 += chunkRows)
            {
                int oy1 = Math.Min(g.OutHeight, oy0 + chunkRows);
                int cols = (oy1 - oy0) * g.OutWidth;
                Span<float> work = ConvWorkspace.Columns(k * cols);
                if (packOnce)
                    Gemm.MultiplyPacked(packedWeight, false, cols, dy[(oy0 * g.OutWidth)..], p, work, cols, accumulate: false);
                else
                    Gemm.Multiply(true, false, k, cols, g.OutChannels, weight, k, dy[(oy0 * g.OutWidth)..], p, work, cols, accumulate: false);
                Im2Col.AccumulateInto(work, dx, g, oy0, oy1);
            }
        }
    }

    /// <summary>gradWeight += gradOutput·im2col(input)ᵀ summed over the batch, no checks.</summary>
    internal static void BackwardWeightAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input,
        Span<float> gradWeight, in Conv2dGeometry g)
    {
        if (DirectConv.Applies(g))
        {
            DirectConv.BackwardWeightAccumulate(gradOutput, input, gradWeight, g);
            return;
        }
        int k = g.InChannels * g.KernelH * g.KernelW;
        int p = g.OutHeight * g.OutWidth;
        int inSize = g.InChannels * g.InHeight * g.InWidth;
        int outSize = g.OutChannels * p;
        bool pointwise = IsPointwise(g);
        bool unfoldInPanels = !pointwise && !Gemm.NeedsColumnMatrix(g.OutChannels, k);
        if (unfoldInPanels && g.Batch > 1 && p < GemmDriver.Kc)
        {
            // Small planes: one product over the whole batch, so the gradient (up to 32 MB for the U-Net's inner layers)
            // is read and written once per k slice instead of once per image. The output gradients go side by side.
            int batchColumns = g.Batch * p;
            Span<float> dyAll = ConvWorkspace.Columns(g.OutChannels * batchColumns);
            for (int n = 0; n < g.Batch; n++)
                for (int co = 0; co < g.OutChannels; co++)
                    gradOutput.Slice(n * outSize + co * p, p).CopyTo(dyAll.Slice(co * batchColumns + n * p, p));
            Gemm.MultiplyBatchIm2ColTransposed(g.OutChannels, dyAll, batchColumns, input, g, gradWeight, k, accumulate: true);
            return;
        }
        for (int n = 0; n < g.Batch; n++)
        {
            ReadOnlySpan<float> x = input.Slice(n * inSize, inSize);
            ReadOnlySpan<float> dy = gradOutput.Slice(n * outSize, outSize);
            if (unfoldInPanels)
            {
                Gemm.MultiplyIm2ColTransposed(g.OutChannels, dy, p, x, g, gradWeight, k, accumulate: true);
                continue;
            }
            ReadOnlySpan<float> cols = x;
            if (!pointwise)
            {
                Span<float> work = ConvWorkspace.Columns(k * p);
                Im2Col.Pack(x, work, g);
                cols = work;
            }
            Gemm.Multiply(false, true, g.OutChannels, k, p, dy, p, cols, p, gradWeight, k, accumulate: true);
        }
    }

    /// <summary>
    /// Output rows per col2im chunk: about 2 MB of columns (one L2), but at least 128 columns wide so the GEMM keeps
    /// its efficiency. A function of the shape only, so results do not depend on the thread count.
    /// </summary>
    internal static int ColumnChunkRows(int k, int outHeight, int outWidth)
    {
        const int TargetElements = 1 << 19;
        int rows = TargetElements / Math.Max(1, k * outWidth);
        rows = Math.Max(rows, (128 + outWidth - 1) / outWidth);
        return Math.Clamp(rows, 1, outHeight);
    }

    /// <summary>Sets every [n, c] plane of <paramref name="output"/> to bias[c] (zero when bias is empty).</summary>
    internal static void FillBias(ReadOnlySpan<float> bias, Span<float> output, int batch, int channels, int plane)
    {
        Span<float> used = output[..(batch * channels * plane)];
        if (bias.IsEmpty)
        {
            used.Clear();
            return;
        }
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
                used.Slice((n * channels + c) * plane, plane).Fill(bias[c]);
    }

    /// <summary>gradBias[c] += Σ over batch and plane of gradOutput[n, c, ·] (each plane summed in double).</summary>
    internal static void AccumulateBiasGradient(ReadOnlySpan<float> gradOutput, Span<float> gradBias, int batch, int channels, int plane)
    {
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
                sum += SumPlane(gradOutput.Slice((n * channels + c) * plane, plane));
            gradBias[c] += (float)sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SumPlane(ReadOnlySpan<float> values)
    {
        double sum = 0;
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && values.Length >= System.Numerics.Vector<float>.Count)
        {
            int vw = System.Numerics.Vector<float>.Count;
            var acc = System.Numerics.Vector<float>.Zero;
            int blockEnd = 0;
            // Flush the float vector accumulator into double every 64 vectors to bound rounding error.
            while (i <= values.Length - vw)
            {
                blockEnd = Math.Min(values.Length - vw, i + 64 * vw);
                for (; i <= blockEnd; i += vw)
                    acc += new System.Numerics.Vector<float>(values[i..]);
                for (int j = 0; j < vw; j++)
                    sum += acc[j];
                acc = System.Numerics.Vector<float>.Zero;
            }
        }
        for (; i < values.Length; i++)
            sum += values[i];
        return sum;
    }
}

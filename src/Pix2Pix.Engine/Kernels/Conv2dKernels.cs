using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, zero padding): checks the arguments, then runs the pass as the geometry's
/// <see cref="Conv2dPlan"/> says — im2col + <see cref="Gemm"/> (<see cref="Im2ColGemmConv"/>; 1×1 stride-1 unpadded layers
/// multiply directly), or, where the GEMM would mostly copy, stride-1 layers with at most four output channels
/// (<see cref="DirectConv"/>, PatchGAN's last layer) and outputs of at most 64 pixels (<see cref="SmallSpatialConv"/>,
/// the U-Net's innermost layers; forward and data gradient), and stride-1 3×3 layers with many channels by Winograd's
/// F(4×4, 3×3) (<see cref="WinogradConv"/>, the resnet blocks; all three passes), stride-1 4×4 ones by F(3×3, 4×4)
/// (the PatchGAN's 256→512 layer).
/// Layouts: input [N, Cin, H, W], weight [Cout, Cin, kH, kW], output [N, Cout, OH, OW].
/// Spans may be longer than the geometry needs; only the leading elements are used.
/// </summary>
/// <seealso cref="Reference.Conv2dReference"/>
internal static class Conv2dKernels
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

    /// <summary>
    /// gradWeight += the weight-gradient (= with <paramref name="overwrite"/>: gradWeight's old contents are not read);
    /// gradBias += the bias-gradient (empty: not computed).
    /// </summary>
    public static void BackwardWeight(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        Span<float> gradBias, in Conv2dGeometry g, bool overwrite = false)
    {
        g.Validate();
        ConvArguments.RequireSource(gradOutput.Length, g.OutputLength, nameof(gradOutput), "N·Cout·OH·OW");
        ConvArguments.RequireSource(input.Length, g.InputLength, nameof(input), "N·Cin·H·W");
        ConvArguments.RequireDestination(gradWeight.Length, g.WeightLength, nameof(gradWeight), "Cout·Cin·kH·kW");
        ConvArguments.RequireOptional(gradBias.Length, g.OutChannels, nameof(gradBias), destination: true);
        BackwardWeightAccumulate(gradOutput, input, gradWeight, g, overwrite);
        if (!gradBias.IsEmpty)
            AccumulateBiasGradient(gradOutput, gradBias, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
    }

    /// <summary>output += conv(input, weight), no checks.</summary>
    internal static void ForwardAccumulate(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output,
        in Conv2dGeometry g)
    {
        ConvPassPlan plan = Conv2dPlan.For(g).Forward;
        switch (plan.Algorithm)
        {
            case ConvAlgorithm.Direct:
                DirectConv.ForwardAccumulate(input, weight, output, g);
                return;
            case ConvAlgorithm.SmallSpatial:
                SmallSpatialConv.ForwardAccumulate(input, weight, output, g);
                return;
            case ConvAlgorithm.Im2ColGemm:
                Im2ColGemmConv.ForwardAccumulate(plan, input, weight, output, g);
                return;
            case ConvAlgorithm.Winograd:
                WinogradConv.ForwardAccumulate(input, weight, output, g);
                return;
            default:
                throw NotImplemented(plan);
        }
    }

    /// <summary>gradInput += Wᵀ·gradOutput folded back by col2im, no checks.</summary>
    internal static void BackwardDataAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput, in Conv2dGeometry g)
    {
        ConvPassPlan plan = Conv2dPlan.For(g).BackwardData;
        switch (plan.Algorithm)
        {
            case ConvAlgorithm.Direct:
                DirectConv.BackwardDataAccumulate(gradOutput, weight, gradInput, g);
                return;
            case ConvAlgorithm.SmallSpatial:
                SmallSpatialConv.BackwardDataAccumulate(gradOutput, weight, gradInput, g);
                return;
            case ConvAlgorithm.Im2ColGemm:
                Im2ColGemmConv.BackwardDataAccumulate(plan, gradOutput, weight, gradInput, g);
                return;
            case ConvAlgorithm.Winograd:
                WinogradConv.BackwardDataAccumulate(gradOutput, weight, gradInput, g);
                return;
            default:
                throw NotImplemented(plan);
        }
    }

    /// <summary>
    /// gradWeight += the weight gradient summed over the batch (gradOutput·im2col(input)ᵀ, or Winograd's transformed
    /// products as the plan says), or = it with <paramref name="overwrite"/> (the im2col products write their first
    /// result over gradWeight, Winograd its one inverse transform; the direct kernels clear it first), no checks.
    /// </summary>
    internal static void BackwardWeightAccumulate(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input,
        Span<float> gradWeight, in Conv2dGeometry g, bool overwrite = false)
    {
        ConvPassPlan plan = Conv2dPlan.For(g).BackwardWeight;
        if (overwrite && plan.Algorithm == ConvAlgorithm.Direct)
            ParallelClear.Run(gradWeight[..g.WeightLength]);
        switch (plan.Algorithm)
        {
            case ConvAlgorithm.Direct:
                DirectConv.BackwardWeightAccumulate(gradOutput, input, gradWeight, g);
                return;
            case ConvAlgorithm.Im2ColGemm:
                Im2ColGemmConv.BackwardWeightAccumulate(plan, gradOutput, input, gradWeight, g, overwrite);
                return;
            case ConvAlgorithm.Winograd:
                WinogradConv.BackwardWeightAccumulate(gradOutput, input, gradWeight, g, overwrite);
                return;
            default:
                throw NotImplemented(plan);
        }
    }

    private static NotSupportedException NotImplemented(in ConvPassPlan plan)
        => new($"The convolution plan chose {plan.Algorithm}, which this pass does not implement; fix Conv2dPlan.");

    /// <summary>
    /// Sets every [n, c] plane of <paramref name="output"/> to bias[c] (zero when bias is empty), split over threads when
    /// large (a serial pass over every output would hold back a multi-threaded batch-1 forward).
    /// </summary>
    internal static unsafe void FillBias(ReadOnlySpan<float> bias, Span<float> output, int batch, int channels, int plane)
    {
        int planes = batch * channels;
        Span<float> used = output[..(planes * plane)];
        fixed (float* pOut = used)
        fixed (float* pBias = bias)
        {
            float* o = pOut, b = pBias;
            bool hasBias = !bias.IsEmpty;
            // Items of whole planes, about 64 K floats each, so that small planes do not each cost a work item.
            int planesPerItem = Math.Max(1, (1 << 16) / Math.Max(1, plane));
            int items = (planes + planesPerItem - 1) / planesPerItem;
            Parallelism.ForIfWorthwhile(items, (long)planes * plane, item =>
            {
                int end = Math.Min(planes, (item + 1) * planesPerItem);
                for (int i = item * planesPerItem; i < end; i++)
                    new Span<float>(o + (nint)i * plane, plane).Fill(hasBias ? b[i % channels] : 0f);
            });
        }
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

namespace Pix2Pix.Engine.Kernels;

/// <summary>
/// 2-D transposed convolution (PyTorch's ConvTranspose2d) as the data-gradient of the matching convolution
/// (<see cref="ConvTranspose2dGeometry.AsConvolution"/>), so it shares the im2col/col2im + <see cref="Gemm"/> path.
/// Layouts: input [N, Cin, H, W], weight [Cin, Cout, kH, kW], output [N, Cout, OH, OW].
/// </summary>
/// <seealso cref="Reference.ConvTranspose2dReference"/>
internal static class ConvTranspose2dKernels
{
    /// <summary>output = convᵀ(input, weight) + bias. <paramref name="bias"/> empty: no bias. The output is overwritten.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, in ConvTranspose2dGeometry g)
    {
        g.Validate();
        ConvArguments.RequireSource(input.Length, g.InputLength, nameof(input), "N·Cin·H·W");
        ConvArguments.RequireSource(weight.Length, g.WeightLength, nameof(weight), "Cin·Cout·kH·kW");
        ConvArguments.RequireOptional(bias.Length, g.OutChannels, nameof(bias), destination: false);
        ConvArguments.RequireDestination(output.Length, g.OutputLength, nameof(output), "N·Cout·OH·OW");
        Conv2dGeometry conv = g.AsConvolution();
        Conv2dKernels.FillBias(bias, output, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
        Conv2dKernels.BackwardDataAccumulate(input, weight, output, conv);
    }

    /// <summary>gradInput += the data-gradient (a plain convolution of <paramref name="gradOutput"/>).</summary>
    public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in ConvTranspose2dGeometry g)
    {
        g.Validate();
        ConvArguments.RequireSource(gradOutput.Length, g.OutputLength, nameof(gradOutput), "N·Cout·OH·OW");
        ConvArguments.RequireSource(weight.Length, g.WeightLength, nameof(weight), "Cin·Cout·kH·kW");
        ConvArguments.RequireDestination(gradInput.Length, g.InputLength, nameof(gradInput), "N·Cin·H·W");
        Conv2dKernels.ForwardAccumulate(gradOutput, weight, gradInput, g.AsConvolution());
    }

    /// <summary>gradWeight += the weight-gradient (= with <paramref name="overwrite"/>); gradBias += the bias-gradient (empty: not computed).</summary>
    public static void BackwardWeight(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        Span<float> gradBias, in ConvTranspose2dGeometry g, bool overwrite = false)
    {
        g.Validate();
        ConvArguments.RequireSource(gradOutput.Length, g.OutputLength, nameof(gradOutput), "N·Cout·OH·OW");
        ConvArguments.RequireSource(input.Length, g.InputLength, nameof(input), "N·Cin·H·W");
        ConvArguments.RequireDestination(gradWeight.Length, g.WeightLength, nameof(gradWeight), "Cin·Cout·kH·kW");
        ConvArguments.RequireOptional(gradBias.Length, g.OutChannels, nameof(gradBias), destination: true);
        // For the matching convolution, our input is its output gradient and our output gradient is its input.
        Conv2dKernels.BackwardWeightAccumulate(input, gradOutput, gradWeight, g.AsConvolution(), overwrite);
        if (!gradBias.IsEmpty)
            Conv2dKernels.AccumulateBiasGradient(gradOutput, gradBias, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
    }
}

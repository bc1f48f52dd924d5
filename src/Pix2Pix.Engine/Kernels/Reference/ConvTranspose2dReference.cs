namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>
/// Direct nested-loop transposed convolution written from its own definition (scatter: every input element adds
/// weight·x into the output window at y·stride − pad + k), summing in double; independent of <see cref="Conv2dReference"/>.
/// Weight layout [Cin, Cout, kH, kW] as in PyTorch.
/// </summary>
/// <seealso cref="ConvTranspose2dKernels"/>
internal static class ConvTranspose2dReference
{
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, in ConvTranspose2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        var acc = new double[g.Batch * g.OutChannels * oh * ow];
        for (int n = 0; n < g.Batch; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int i = 0; i < oh * ow; i++)
                    acc[(n * g.OutChannels + co) * oh * ow + i] = bias.IsEmpty ? 0 : bias[co];
        for (int n = 0; n < g.Batch; n++)
            for (int ci = 0; ci < g.InChannels; ci++)
                for (int iy = 0; iy < g.InHeight; iy++)
                    for (int ix = 0; ix < g.InWidth; ix++)
                    {
                        double x = input[((n * g.InChannels + ci) * g.InHeight + iy) * g.InWidth + ix];
                        for (int co = 0; co < g.OutChannels; co++)
                            for (int ky = 0; ky < g.KernelH; ky++)
                            {
                                int oy = iy * g.StrideH - g.PadH + ky;
                                if (oy < 0 || oy >= oh)
                                    continue;
                                for (int kx = 0; kx < g.KernelW; kx++)
                                {
                                    int ox = ix * g.StrideW - g.PadW + kx;
                                    if (ox < 0 || ox >= ow)
                                        continue;
                                    acc[((n * g.OutChannels + co) * oh + oy) * ow + ox] += x * weight[WeightIndex(g, ci, co, ky, kx)];
                                }
                            }
                    }
        for (int i = 0; i < acc.Length; i++)
            output[i] = (float)acc[i];
    }

    public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in ConvTranspose2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
            for (int ci = 0; ci < g.InChannels; ci++)
                for (int iy = 0; iy < g.InHeight; iy++)
                    for (int ix = 0; ix < g.InWidth; ix++)
                    {
                        double sum = 0;
                        for (int co = 0; co < g.OutChannels; co++)
                            for (int ky = 0; ky < g.KernelH; ky++)
                            {
                                int oy = iy * g.StrideH - g.PadH + ky;
                                if (oy < 0 || oy >= oh)
                                    continue;
                                for (int kx = 0; kx < g.KernelW; kx++)
                                {
                                    int ox = ix * g.StrideW - g.PadW + kx;
                                    if (ox < 0 || ox >= ow)
                                        continue;
                                    sum += (double)gradOutput[((n * g.OutChannels + co) * oh + oy) * ow + ox] * weight[WeightIndex(g, ci, co, ky, kx)];
                                }
                            }
                        gradInput[((n * g.InChannels + ci) * g.InHeight + iy) * g.InWidth + ix] += (float)sum;
                    }
    }

    public static void BackwardWeight(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        Span<float> gradBias, in ConvTranspose2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int ci = 0; ci < g.InChannels; ci++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int ky = 0; ky < g.KernelH; ky++)
                    for (int kx = 0; kx < g.KernelW; kx++)
                    {
                        double sum = 0;
                        for (int n = 0; n < g.Batch; n++)
                            for (int iy = 0; iy < g.InHeight; iy++)
                            {
                                int oy = iy * g.StrideH - g.PadH + ky;
                                if (oy < 0 || oy >= oh)
                                    continue;
                                for (int ix = 0; ix < g.InWidth; ix++)
                                {
                                    int ox = ix * g.StrideW - g.PadW + kx;
                                    if (ox < 0 || ox >= ow)
                                        continue;
                                    sum += (double)gradOutput[((n * g.OutChannels + co) * oh + oy) * ow + ox]
                                        * input[((n * g.InChannels + ci) * g.InHeight + iy) * g.InWidth + ix];
                                }
                            }
                        gradWeight[WeightIndex(g, ci, co, ky, kx)] += (float)sum;
                    }
        if (!gradBias.IsEmpty)
        {
            for (int co = 0; co < g.OutChannels; co++)
            {
                double b = 0;
                for (int n = 0; n < g.Batch; n++)
                    for (int i = 0; i < oh * ow; i++)
                        b += gradOutput[(n * g.OutChannels + co) * oh * ow + i];
                gradBias[co] += (float)b;
            }
        }
    }

    private static int WeightIndex(in ConvTranspose2dGeometry g, int ci, int co, int ky, int kx)
        => ((ci * g.OutChannels + co) * g.KernelH + ky) * g.KernelW + kx;
}

namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>
/// Direct nested-loop convolution (zero padding), summing in double: the definition the fast
/// <see cref="Conv2dKernels"/> are tested against. Same layouts and semantics (forward overwrites, backward +=).
/// </summary>
/// <seealso cref="Conv2dKernels"/>
/// <seealso cref="Im2ColGemmConv"/>
/// <seealso cref="DirectConv"/>
/// <seealso cref="SmallSpatialConv"/>
internal static class Conv2dReference
{
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, in Conv2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[co];
                        for (int ci = 0; ci < g.InChannels; ci++)
                            for (int ky = 0; ky < g.KernelH; ky++)
                            {
                                int iy = oy * g.StrideH - g.PadH + ky;
                                if (iy < 0 || iy >= g.InHeight)
                                    continue;
                                for (int kx = 0; kx < g.KernelW; kx++)
                                {
                                    int ix = ox * g.StrideW - g.PadW + kx;
                                    if (ix < 0 || ix >= g.InWidth)
                                        continue;
                                    sum += (double)input[InputIndex(g, n, ci, iy, ix)] * weight[WeightIndex(g, co, ci, ky, kx)];
                                }
                            }
                        output[((n * g.OutChannels + co) * oh + oy) * ow + ox] = (float)sum;
                    }
    }

    public static void BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput,
        in Conv2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        // Gather form: each input element sums the output gradients it contributed to.
        for (int n = 0; n < g.Batch; n++)
            for (int ci = 0; ci < g.InChannels; ci++)
                for (int iy = 0; iy < g.InHeight; iy++)
                    for (int ix = 0; ix < g.InWidth; ix++)
                    {
                        double sum = 0;
                        for (int co = 0; co < g.OutChannels; co++)
                            for (int ky = 0; ky < g.KernelH; ky++)
                            {
                                int ty = iy + g.PadH - ky;
                                if (ty < 0 || ty % g.StrideH != 0 || ty / g.StrideH >= oh)
                                    continue;
                                for (int kx = 0; kx < g.KernelW; kx++)
                                {
                                    int tx = ix + g.PadW - kx;
                                    if (tx < 0 || tx % g.StrideW != 0 || tx / g.StrideW >= ow)
                                        continue;
                                    sum += (double)gradOutput[((n * g.OutChannels + co) * oh + ty / g.StrideH) * ow + tx / g.StrideW]
                                        * weight[WeightIndex(g, co, ci, ky, kx)];
                                }
                            }
                        gradInput[InputIndex(g, n, ci, iy, ix)] += (float)sum;
                    }
    }

    public static void BackwardWeight(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight,
        Span<float> gradBias, in Conv2dGeometry g)
    {
        g.Validate();
        int oh = g.OutHeight, ow = g.OutWidth;
        for (int co = 0; co < g.OutChannels; co++)
        {
            for (int ci = 0; ci < g.InChannels; ci++)
                for (int ky = 0; ky < g.KernelH; ky++)
                    for (int kx = 0; kx < g.KernelW; kx++)
                    {
                        double sum = 0;
                        for (int n = 0; n < g.Batch; n++)
                            for (int oy = 0; oy < oh; oy++)
                            {
                                int iy = oy * g.StrideH - g.PadH + ky;
                                if (iy < 0 || iy >= g.InHeight)
                                    continue;
                                for (int ox = 0; ox < ow; ox++)
                                {
                                    int ix = ox * g.StrideW - g.PadW + kx;
                                    if (ix < 0 || ix >= g.InWidth)
                                        continue;
                                    sum += (double)gradOutput[((n * g.OutChannels + co) * oh + oy) * ow + ox]
                                        * input[InputIndex(g, n, ci, iy, ix)];
                                }
                            }
                        gradWeight[WeightIndex(g, co, ci, ky, kx)] += (float)sum;
                    }
            if (!gradBias.IsEmpty)
            {
                double b = 0;
                for (int n = 0; n < g.Batch; n++)
                    for (int i = 0; i < oh * ow; i++)
                        b += gradOutput[(n * g.OutChannels + co) * oh * ow + i];
                gradBias[co] += (float)b;
            }
        }
    }

    private static int InputIndex(in Conv2dGeometry g, int n, int c, int y, int x)
        => ((n * g.InChannels + c) * g.InHeight + y) * g.InWidth + x;

    private static int WeightIndex(in Conv2dGeometry g, int co, int ci, int ky, int kx)
        => ((co * g.InChannels + ci) * g.KernelH + ky) * g.KernelW + kx;
}

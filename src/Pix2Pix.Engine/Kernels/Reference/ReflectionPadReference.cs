namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>Reflection padding row by row on one thread, as the op did before <see cref="ReflectionPad"/>: what the fast kernel is tested against.</summary>
internal static class ReflectionPadReference
{
    /// <summary>y = x reflection-padded.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, in ReflectionPadGeometry p)
    {
        for (int c = 0; c < p.Planes; c++)
            for (int i = 0; i < p.OutH; i++)
            {
                var src = x.Slice((c * p.H + ReflectionPadGeometry.Reflect(i - p.Top, p.H)) * p.W, p.W);
                var dst = y.Slice((c * p.OutH + i) * p.OutW, p.OutW);
                src.CopyTo(dst[p.Left..]);
                for (int j = 0; j < p.Left; j++) dst[j] = src[p.Left - j];
                for (int j = 0; j < p.Right; j++) dst[p.Left + p.W + j] = src[p.W - 2 - j];
            }
    }

    /// <summary>dx += the sum of the gradients of every padded pixel that copied it.</summary>
    public static void BackwardAccumulate(ReadOnlySpan<float> dy, Span<float> dx, in ReflectionPadGeometry p)
    {
        for (int c = 0; c < p.Planes; c++)
            for (int i = 0; i < p.OutH; i++)
            {
                var dst = dx.Slice((c * p.H + ReflectionPadGeometry.Reflect(i - p.Top, p.H)) * p.W, p.W);
                var src = dy.Slice((c * p.OutH + i) * p.OutW, p.OutW);
                for (int j = 0; j < p.W; j++) dst[j] += src[p.Left + j];
                for (int j = 0; j < p.Left; j++) dst[p.Left - j] += src[j];
                for (int j = 0; j < p.Right; j++) dst[p.W - 2 - j] += src[p.Left + p.W + j];
            }
    }
}

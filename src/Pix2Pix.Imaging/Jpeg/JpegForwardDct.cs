namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// The 8x8 forward DCT of ITU T.81 A.3.3, in double precision as two passes of a cosine matrix: the encoder's accuracy
/// then depends only on quantization.
/// </summary>
internal static class JpegForwardDct
{
    // Basis[u * 8 + x] = C(u)/2 · cos((2x + 1)uπ / 16), so F = B · f · Bᵀ.
    private static readonly double[] Basis = BuildBasis();

    private static double[] BuildBasis()
    {
        var basis = new double[64];
        for (int u = 0; u < 8; u++)
        {
            double c = u == 0 ? Math.Sqrt(0.5) : 1.0;
            for (int x = 0; x < 8; x++)
                basis[u * 8 + x] = c / 2 * Math.Cos((2 * x + 1) * u * Math.PI / 16);
        }
        return basis;
    }

    /// <summary>Transforms level-shifted samples (row-major 8x8) into coefficients (natural order), in place.</summary>
    public static void Forward(Span<double> block)
    {
        Span<double> rows = stackalloc double[64];
        for (int y = 0; y < 8; y++)
        {
            for (int u = 0; u < 8; u++)
            {
                double sum = 0;
                for (int x = 0; x < 8; x++)
                    sum += Basis[u * 8 + x] * block[y * 8 + x];
                rows[y * 8 + u] = sum;
            }
        }
        for (int u = 0; u < 8; u++)
        {
            for (int v = 0; v < 8; v++)
            {
                double sum = 0;
                for (int y = 0; y < 8; y++)
                    sum += Basis[v * 8 + y] * rows[y * 8 + u];
                block[v * 8 + u] = sum;
            }
        }
    }
}

using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>The integer inverse DCT against a straightforward double-precision IDCT (T.81 A.3.3).</summary>
public class JpegIdctTests
{
    [Fact]
    public void Integer_idct_is_within_one_level_of_the_exact_transform()
    {
        var random = new Random(1180);
        var coefficients = new short[64];
        var quant = new ushort[64];
        var output = new byte[8 * 8];
        int worst = 0;
        int mismatches = 0;
        int tested = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            int range = trial % 4 == 0 ? 1024 : 64;
            for (int i = 0; i < 64; i++)
            {
                quant[i] = (ushort)(1 + random.Next(8));
                coefficients[i] = (short)(random.Next(4) == 0 ? random.Next(-range, range) / quant[i] : 0);
            }

            double[] exact = ReferenceIdct(coefficients, quant);
            if (exact.Any(v => Math.Abs(v - 128) >= 500))
                continue; // libjpeg wraps such (corrupt) values instead of clamping them
            JpegIdct.Transform(coefficients, quant, output, 8);
            byte[] expected = exact.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray();
            tested++;
            for (int i = 0; i < 64; i++)
            {
                int d = Math.Abs(output[i] - expected[i]);
                worst = Math.Max(worst, d);
                mismatches += d != 0 ? 1 : 0;
            }
        }

        Assert.True(tested > 1000, $"only {tested} blocks were in range");
        Assert.True(worst <= 1, $"max difference {worst} ({mismatches} samples differ in {tested} blocks) against the exact IDCT");
    }

    [Fact]
    public void A_dc_only_block_is_flat_at_dc_over_eight_plus_128_rounded_half_up()
    {
        var coefficients = new short[64];
        var quant = new ushort[64];
        Array.Fill(quant, (ushort)1);
        var output = new byte[64];
        foreach ((short dc, byte expected) in new (short, byte)[] { (0, 128), (80, 138), (-1024, 0), (1016, 255), (-44, 123) })
        {
            coefficients[0] = dc;
            JpegIdct.Transform(coefficients, quant, output, 8);
            Assert.All(output, v => Assert.Equal(expected, v));
        }
    }

    private static double[] ReferenceIdct(short[] coefficients, ushort[] quant)
    {
        var result = new double[64];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                double sum = 0;
                for (int v = 0; v < 8; v++)
                {
                    for (int u = 0; u < 8; u++)
                    {
                        double cu = u == 0 ? Math.Sqrt(0.5) : 1;
                        double cv = v == 0 ? Math.Sqrt(0.5) : 1;
                        sum += cu * cv * coefficients[(v * 8) + u] * quant[(v * 8) + u]
                            * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }

                result[(y * 8) + x] = (sum / 4) + 128;
            }
        }

        return result;
    }
}

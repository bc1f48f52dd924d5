using System.Runtime.CompilerServices;

namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// libjpeg's accurate integer inverse DCT ("islow", jidctint.c: Loeffler–Ligtenberg–Moschytz with 13-bit
/// constants, 2 extra bits between the passes), reproduced to the bit including its rounding and its
/// wrap-around range limiting, so our pixels equal libjpeg's.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>
    /// libjpeg's post-IDCT range limit: the descaled value is taken modulo 1024 around zero, then shifted by 128 and
    /// clamped to 0..255 (so only corrupt data with |value| ≥ 512 wraps).
    /// </summary>
    private static readonly byte[] RangeLimit = CreateRangeLimit();

    /// <summary>Dequantises one block (natural order) and writes its 8x8 samples at <paramref name="output"/> with <paramref name="stride"/>.</summary>
    [SkipLocalsInit]
    public static unsafe void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        if (coefficients.Length < 64 || quant.Length < 64 || output.Length < (7 * stride) + 8 || stride < 8)
            throw new ArgumentException("A block needs 64 coefficients, 64 quantisation steps and 8 rows of output.", nameof(output));
        int* ws = stackalloc int[64];
        fixed (short* input = coefficients)
        fixed (ushort* q = quant)
        fixed (byte* outputRow = output)
        fixed (byte* limit = RangeLimit)
        {
            if (IsDcOnly(input))
            {
                // Both passes reduce to the same rounding for a flat block: (dc·q·4 + 16) >> 5.
                byte dc = limit[(((input[0] * q[0]) << Pass1Bits) + (1 << (Pass1Bits + 2)) >> (Pass1Bits + 3)) & 1023];
                ulong pattern = dc * 0x0101010101010101UL;
                for (int row = 0; row < 8; row++)
                    Unsafe.WriteUnaligned(outputRow + (row * stride), pattern);
                return;
            }

            for (int col = 0; col < 8; col++)
                ColumnPass(input + col, q + col, ws + col);
            for (int row = 0; row < 8; row++)
                RowPass(ws + (row * 8), outputRow + (row * stride), limit);
        }
    }

    private static unsafe bool IsDcOnly(short* input)
    {
        if (input[1] != 0 || input[2] != 0 || input[3] != 0)
            return false;
        ulong any = 0;
        for (int i = 1; i < 16; i++)
            any |= Unsafe.ReadUnaligned<ulong>(input + (4 * i));
        return any == 0;
    }

    private static unsafe void ColumnPass(short* input, ushort* quant, int* ws)
    {
        if (input[8] == 0 && input[16] == 0 && input[24] == 0 && input[32] == 0 &&
            input[40] == 0 && input[48] == 0 && input[56] == 0)
        {
            int dc = input[0] * quant[0] << Pass1Bits;
            for (int i = 0; i < 8; i++)
                ws[i * 8] = dc;
            return;
        }

        // Even part.
        int z2 = input[16] * quant[16];
        int z3 = input[48] * quant[48];
        int z1 = (z2 + z3) * Fix0541196100;
        int tmp2 = z1 + (z3 * -Fix1847759065);
        int tmp3 = z1 + (z2 * Fix0765366865);
        z2 = input[0] * quant[0];
        z3 = input[32] * quant[32];
        int tmp0 = (z2 + z3) << ConstBits;
        int tmp1 = (z2 - z3) << ConstBits;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;

        // Odd part.
        tmp3 = input[8] * quant[8];
        tmp2 = input[24] * quant[24];
        tmp1 = input[40] * quant[40];
        tmp0 = input[56] * quant[56];
        OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

        const int shift = ConstBits - Pass1Bits;
        const int round = 1 << (shift - 1);
        ws[0] = (tmp10 + tmp3 + round) >> shift;
        ws[56] = (tmp10 - tmp3 + round) >> shift;
        ws[8] = (tmp11 + tmp2 + round) >> shift;
        ws[48] = (tmp11 - tmp2 + round) >> shift;
        ws[16] = (tmp12 + tmp1 + round) >> shift;
        ws[40] = (tmp12 - tmp1 + round) >> shift;
        ws[24] = (tmp13 + tmp0 + round) >> shift;
        ws[32] = (tmp13 - tmp0 + round) >> shift;
    }

    private static unsafe void RowPass(int* ws, byte* output, byte* limit)
    {
        if (ws[1] == 0 && ws[2] == 0 && ws[3] == 0 && ws[4] == 0 && ws[5] == 0 && ws[6] == 0 && ws[7] == 0)
        {
            byte dc = limit[((ws[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)) & 1023];
            Unsafe.WriteUnaligned(output, dc * 0x0101010101010101UL);
            return;
        }

        int z2 = ws[2];
        int z3 = ws[6];
        int z1 = (z2 + z3) * Fix0541196100;
        int tmp0 = (ws[0] + ws[4]) << ConstBits;
        int tmp3 = z1 + (z2 * Fix0765366865);
        int tmp1 = (ws[0] - ws[4]) << ConstBits;
        int tmp2 = z1 + (z3 * -Fix1847759065);
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;

        tmp3 = ws[1];
        tmp2 = ws[3];
        tmp1 = ws[5];
        tmp0 = ws[7];
        OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

        const int shift = ConstBits + Pass1Bits + 3;
        const int round = 1 << (shift - 1);
        output[0] = limit[((tmp10 + tmp3 + round) >> shift) & 1023];
        output[7] = limit[((tmp10 - tmp3 + round) >> shift) & 1023];
        output[1] = limit[((tmp11 + tmp2 + round) >> shift) & 1023];
        output[6] = limit[((tmp11 - tmp2 + round) >> shift) & 1023];
        output[2] = limit[((tmp12 + tmp1 + round) >> shift) & 1023];
        output[5] = limit[((tmp12 - tmp1 + round) >> shift) & 1023];
        output[3] = limit[((tmp13 + tmp0 + round) >> shift) & 1023];
        output[4] = limit[((tmp13 - tmp0 + round) >> shift) & 1023];
    }

    /// <summary>The odd part shared by both passes: inputs are coefficients 7, 5, 3, 1; outputs the four odd terms.</summary>
    private static void OddPart(ref int tmp0, ref int tmp1, ref int tmp2, ref int tmp3)
    {
        int z1 = tmp0 + tmp3;
        int z2 = tmp1 + tmp2;
        int z3 = tmp0 + tmp2;
        int z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = (z3 * -Fix1961570560) + z5;
        z4 = (z4 * -Fix0390180644) + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    private static byte[] CreateRangeLimit()
    {
        var table = new byte[1024];
        for (int i = 0; i < 1024; i++)
        {
            int centered = i < 512 ? i : i - 1024;
            table[i] = (byte)Math.Clamp(centered + 128, 0, 255);
        }

        return table;
    }
}

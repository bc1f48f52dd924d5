namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// A decoding table built from a DHT segment: a 9-bit lookahead table for the common short codes and the canonical
/// per-length limits (ITU T.81 F.2.2.3) for the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookaheadBits = 9;

    private JpegHuffmanTable(ushort[] lookup, int[] maxCode, int[] valueOffset, byte[] values)
    {
        Lookup = lookup;
        MaxCode = maxCode;
        ValueOffset = valueOffset;
        Values = values;
    }

    /// <summary>Indexed by the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer than 9 bits.</summary>
    public ushort[] Lookup { get; }

    /// <summary>MaxCode[l] is the largest code of length l, or -1 when there is none; MaxCode[17] is a sentinel.</summary>
    public int[] MaxCode { get; }

    /// <summary>Values[ValueOffset[l] + code] is the symbol of a length-l code.</summary>
    public int[] ValueOffset { get; }

    public byte[] Values { get; }

    /// <summary>Builds a table from the 16 code-length counts and the symbols; returns null with a reason when invalid.</summary>
    public static JpegHuffmanTable? TryCreate(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, out string problem)
    {
        var maxCode = new int[18];
        var valueOffset = new int[17];
        var lookup = new ushort[1 << LookaheadBits];
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];

            // Codes of one length must fit in that many bits, leaving the all-ones code unused (as libjpeg checks).
            if (code + count >= 1 << length)
            {
                problem = $"the Huffman table has too many codes of length {length}";
                return null;
            }

            valueOffset[length] = k - code;
            for (int i = 0; i < count; i++)
            {
                if (length <= LookaheadBits)
                {
                    int shift = LookaheadBits - length;
                    int first = code << shift;
                    for (int fill = 0; fill < 1 << shift; fill++)
                        lookup[first + fill] = (ushort)((length << 8) | symbols[k]);
                }

                code++;
                k++;
            }

            maxCode[length] = count > 0 ? code - 1 : -1;
            code <<= 1;
        }

        maxCode[17] = int.MaxValue;
        problem = "";
        return new JpegHuffmanTable(lookup, maxCode, valueOffset, symbols.ToArray());
    }
}

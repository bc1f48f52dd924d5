namespace Pix2Pix.Imaging.Jpeg;

/// <summary>An encoding table: the canonical code and its length for each symbol (ITU T.81 C.2), from DHT counts and symbols.</summary>
internal sealed class JpegHuffmanEncoder
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _lengths = new byte[256];

    public JpegHuffmanEncoder(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        Counts = counts.ToArray();
        Symbols = symbols.ToArray();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++, k++)
            {
                _codes[symbols[k]] = (ushort)code++;
                _lengths[symbols[k]] = (byte)length;
            }
            code <<= 1;
        }
    }

    /// <summary>The 16 code-length counts, as written to DHT.</summary>
    public byte[] Counts { get; }

    /// <summary>The symbols in code order, as written to DHT.</summary>
    public byte[] Symbols { get; }

    public void Write(JpegBitWriter writer, int symbol)
    {
        int length = _lengths[symbol];
        if (length == 0)
            throw new InvalidOperationException($"Huffman symbol 0x{symbol:X2} has no code in this table.");
        writer.Write(_codes[symbol], length);
    }
}

/// <summary>Writes entropy-coded bits most significant first, stuffing a zero byte after every 0xFF (ITU T.81 F.1.2.3).</summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _buffer;
    private int _count;

    public void Write(int bits, int length)
    {
        _buffer = (_buffer << length) | ((uint)bits & ((1u << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            byte b = (byte)(_buffer >> (_count - 8));
            output.WriteByte(b);
            if (b == 0xFF)
                output.WriteByte(0);
            _count -= 8;
        }
    }

    /// <summary>Pads the last byte with 1 bits, as the standard asks.</summary>
    public void Flush()
    {
        if (_count > 0)
            Write(0x7F, 8 - _count);
    }
}

namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded data of a scan: removes stuffed zero bytes, stops at markers and, like libjpeg, feeds
/// zero bits past a marker. Running off the end of the file while bits are still needed is an error (truncated
/// file); hitting a marker early is tolerated (libjpeg warns and pads), see <see cref="HitMarkerEarly"/>.
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private readonly string _source;
    private int _position;
    private ulong _buffer;
    private int _count;
    private int _paddingBytes;
    private bool _atMarker;

    public JpegBitReader(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>The next unread byte: a marker's first 0xFF once the entropy data has ended.</summary>
    public int Position => _position;

    /// <summary>True when zero bits past a marker were consumed: the entropy data ended too early (corrupt).</summary>
    public bool HitMarkerEarly => _atMarker && _paddingBytes * 8 > _count;

    public void Start(int position)
    {
        _position = position;
        _buffer = 0;
        _count = 0;
        _paddingBytes = 0;
        _atMarker = false;
    }

    public int DecodeHuffman(JpegHuffmanTable table)
    {
        if (_count < 16)
            Fill();
        int entry = table.Lookup[(int)(_buffer >> (_count - JpegHuffmanTable.LookaheadBits)) & ((1 << JpegHuffmanTable.LookaheadBits) - 1)];
        if (entry != 0)
        {
            _count -= entry >> 8;
            return entry & 0xFF;
        }

        return DecodeLongCode(table);
    }

    /// <summary>Reads <paramref name="n"/> (0..16) bits as an unsigned number.</summary>
    public int ReadBits(int n)
    {
        if (_count < n)
            Fill();
        _count -= n;
        return (int)(_buffer >> _count) & ((1 << n) - 1);
    }

    public int ReadBit()
    {
        if (_count < 1)
            Fill();
        _count--;
        return (int)(_buffer >> _count) & 1;
    }

    /// <summary>Reads an <paramref name="s"/>-bit magnitude (1..16) and extends its sign (T.81 F.2.2.1 EXTEND).</summary>
    public int ReceiveExtend(int s)
    {
        int value = ReadBits(s);
        return value < 1 << (s - 1) ? value - (1 << s) + 1 : value;
    }

    /// <summary>Ends an entropy-coded segment: fails when the file ended before the segment's bits did.</summary>
    public void Finish(string location)
    {
        EnsureNotTruncated(location);
        _buffer = 0;
        _count = 0;
        _paddingBytes = 0;
    }

    /// <summary>Consumes the restart marker RST<paramref name="expected"/> that must follow an interval.</summary>
    public void ReadRestartMarker(int expected, string location)
    {
        Finish(location);
        int marker = JpegMarkers.FindNext(_data, ref _position);
        if (marker != 0xD0 + expected)
        {
            string found = marker < 0 ? "the end of the file" : $"marker 0x{marker:X2}";
            throw new ImageDecodeException(_source, $"{location}, byte {_position}",
                $"expected restart marker RST{expected} but found {found}; the file is corrupt or truncated");
        }

        _position += 2;
        _atMarker = false;
    }

    private int DecodeLongCode(JpegHuffmanTable table)
    {
        int code16 = (int)(_buffer >> (_count - 16)) & 0xFFFF;
        for (int length = JpegHuffmanTable.LookaheadBits + 1; length <= 16; length++)
        {
            int code = code16 >> (16 - length);
            if (code <= table.MaxCode[length])
            {
                int index = table.ValueOffset[length] + code;
                if ((uint)index >= (uint)table.Values.Length)
                    break;
                _count -= length;
                return table.Values[index];
            }
        }

        throw new ImageDecodeException(_source, $"entropy-coded data near byte {_position}",
            "an invalid Huffman code was found; the file is corrupt");
    }

    private void EnsureNotTruncated(string location)
    {
        if (!_atMarker && _paddingBytes * 8 > _count)
        {
            throw new ImageDecodeException(_source, location,
                $"the file ends inside the entropy-coded data (after {_data.Length} bytes); it is truncated, so re-download or re-export it");
        }
    }

    private void Fill()
    {
        if (_paddingBytes > 0)
            EnsureNotTruncated($"scan data, byte {_position}");
        while (_count <= 56)
        {
            int b = 0;
            if (_atMarker || _position >= _data.Length)
            {
                _paddingBytes++;
            }
            else
            {
                b = _data[_position];
                if (b != 0xFF)
                {
                    _position++;
                }
                else
                {
                    int next = _position + 1;
                    while (next < _data.Length && _data[next] == 0xFF)
                        next++;
                    if (next < _data.Length && _data[next] == 0)
                    {
                        _position = next + 1;
                    }
                    else
                    {
                        // A marker (or the end of the file after 0xFF): leave it for the marker parser.
                        _position = next - 1;
                        _atMarker = next < _data.Length;
                        _paddingBytes++;
                        b = 0;
                        if (!_atMarker)
                            _position = _data.Length;
                    }
                }
            }

            _buffer = (_buffer << 8) | (uint)b;
            _count += 8;
        }
    }
}

namespace Pix2Pix.Imaging.Jpeg;

/// <summary>Parsing of the individual marker segments: frame, tables, restart interval, scan header, APPn.</summary>
internal sealed partial class JpegReader
{
    private const int MaxBlocksPerMcu = 10;

    /// <summary>Real progressive files have about 10 scans; thousands only serve to burn CPU (cf. djpeg -maxscans).</summary>
    private const int MaxScans = 1000;

    private void ReadFrame(int marker, ReadOnlySpan<byte> s, int markerAt)
    {
        string where = $"{JpegMarkers.Name(marker)} at byte {markerAt}";
        if (_frame is not null)
            throw Fail(where, "the file has a second frame header; multi-frame (hierarchical) JPEGs are unsupported");
        if (s.Length < 6)
            throw Fail(where, "the frame header is too short; the file is corrupt");
        int precision = s[0];
        int height = (s[1] << 8) | s[2];
        int width = (s[3] << 8) | s[4];
        int count = s[5];
        if (precision != 8)
            throw Fail(where, $"{precision}-bit samples are unsupported (only 8-bit JPEGs are); convert the image to 8 bits per channel");
        if (count == 4)
            throw Fail(where, "4-component (CMYK or YCCK) JPEGs are unsupported; convert the image to RGB");
        if (count is not (1 or 3))
            throw Fail(where, $"{count} colour components are unsupported; only 1 (gray) and 3 (colour) are, so the file is corrupt or exotic");
        if (s.Length != 6 + (3 * count))
            throw Fail(where, $"the frame header length does not match its {count} components; the file is corrupt");
        if (height == 0)
            throw Fail(where, "the image height is 0 (to be defined later by a DNL marker), which is unsupported");
        if (width == 0)
            throw Fail(where, "the image width is 0; the file is corrupt");

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int h = s[7 + (3 * i)] >> 4;
            int v = s[7 + (3 * i)] & 15;
            int tq = s[8 + (3 * i)];
            if (h is < 1 or > 4 || v is < 1 or > 4)
                throw Fail(where, $"component {i} has sampling factors {h}x{v}; each must be 1..4, so the file is corrupt");
            if (tq > 3)
                throw Fail(where, $"component {i} refers to quantisation table {tq}; tables are numbered 0..3, so the file is corrupt");
            components[i] = new JpegComponent(s[6 + (3 * i)], h, v, tq);
        }

        int maxH = components.Max(c => c.H);
        int maxV = components.Max(c => c.V);
        if (components.Any(c => maxH % c.H != 0 || maxV % c.V != 0))
            throw Fail(where, "the components' sampling factors are not integer multiples of each other (fractional sampling), which is unsupported");

        DecodeLimits.EnsureAllowed(width, height, count, _maxPixels, _source, where);
        var frame = new JpegFrame(width, height, marker == JpegMarkers.Sof2, components);
        if (frame.CoefficientCount > Array.MaxLength)
            throw Fail(where, $"the image {width}x{height} is too large to decode in memory; downscale it first");
        frame.AllocateCoefficients();
        _frame = frame;
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> s, int markerAt)
    {
        string where = $"DHT at byte {markerAt}";
        while (s.Length > 0)
        {
            int tableClass = s[0] >> 4;
            int id = s[0] & 15;
            if (tableClass > 1 || id > 3)
                throw Fail(where, $"Huffman table class {tableClass} / number {id} is invalid (class 0..1, number 0..3); the file is corrupt");
            if (s.Length < 17)
                throw Fail(where, "the Huffman table is cut short; the file is corrupt");
            ReadOnlySpan<byte> counts = s.Slice(1, 16);
            int total = 0;
            foreach (byte c in counts)
                total += c;
            if (total > 256 || s.Length < 17 + total)
                throw Fail(where, $"the Huffman table declares {total} codes, more than it holds; the file is corrupt");
            JpegHuffmanTable table = JpegHuffmanTable.TryCreate(counts, s.Slice(17, total), out string problem)
                ?? throw Fail(where, problem + "; the file is corrupt");
            if (tableClass == 0)
                _dcTables[id] = table;
            else
                _acTables[id] = table;
            s = s[(17 + total)..];
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> s, int markerAt)
    {
        string where = $"DQT at byte {markerAt}";
        while (s.Length > 0)
        {
            int precision = s[0] >> 4;
            int id = s[0] & 15;
            if (precision > 1 || id > 3)
                throw Fail(where, $"quantisation table precision {precision} / number {id} is invalid; the file is corrupt");
            int size = precision == 0 ? 64 : 128;
            if (s.Length < 1 + size)
                throw Fail(where, "the quantisation table is cut short; the file is corrupt");
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                int value = precision == 0 ? s[1 + k] : (s[1 + (2 * k)] << 8) | s[2 + (2 * k)];
                table[JpegScanDecoder.NaturalOrder[k]] = (ushort)value;
            }

            _quantTables[id] = table;
            s = s[(1 + size)..];
        }
    }

    private void ReadRestartInterval(ReadOnlySpan<byte> s, int markerAt)
    {
        if (s.Length != 2)
            throw Fail($"DRI at byte {markerAt}", "the restart interval segment must hold 2 bytes; the file is corrupt");
        _restartInterval = (s[0] << 8) | s[1];
    }

    /// <summary>JFIF APP0 (at least 14 bytes, as libjpeg requires) implies YCbCr for 3 components.</summary>
    private void ReadJfif(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 14 && s[..5].SequenceEqual("JFIF\0"u8))
            _sawJfif = true;
    }

    /// <summary>Adobe APP14: its transform flag says whether 3 components are YCbCr (1) or RGB (0).</summary>
    private void ReadAdobe(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 12 && s[..5].SequenceEqual("Adobe"u8))
            _adobeTransform = s[11];
    }

    /// <summary>Reads a scan header, decodes the scan's entropy-coded data and returns where it ended.</summary>
    private int ReadScan(ReadOnlySpan<byte> s, int markerAt)
    {
        string where = $"SOS at byte {markerAt}";
        JpegFrame frame = _frame ?? throw Fail(where, "a scan starts before the frame header (SOF); the file is corrupt");
        if (_scanCount >= MaxScans)
            throw Fail(where, $"the file has more than {MaxScans} scans; it is corrupt or malicious");
        if (s.Length < 1)
            throw Fail(where, "the scan header is empty; the file is corrupt");
        int count = s[0];
        if (count < 1 || count > frame.Components.Length || s.Length != 4 + (2 * count))
            throw Fail(where, $"the scan header lists {count} components or has the wrong length; the file is corrupt");
        int ss = s[1 + (2 * count)];
        int se = s[2 + (2 * count)];
        int ah = s[3 + (2 * count)] >> 4;
        int al = s[3 + (2 * count)] & 15;
        if (frame.Progressive)
            ValidateProgressive(where, count, ss, se, ah, al);
        else
            (ss, se, ah, al) = (0, 63, 0, 0); // libjpeg only warns about other values in sequential scans.

        var components = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = s[1 + (2 * i)];
            JpegComponent c = Array.Find(frame.Components, x => x.Id == id)
                ?? throw Fail(where, $"the scan refers to component id {id}, which the frame does not define; the file is corrupt");
            if (Array.IndexOf(components, c) >= 0)
                throw Fail(where, $"component id {id} appears twice in one scan; the file is corrupt");
            components[i] = c;
            blocksPerMcu += c.H * c.V;
            AssignTables(c, s[2 + (2 * i)], frame.Progressive, ss, ah, where);
        }

        if (count > 1 && blocksPerMcu > MaxBlocksPerMcu)
            throw Fail(where, $"an interleaved MCU would hold {blocksPerMcu} blocks, more than the 10 allowed; the file is corrupt");

        int dataStart = markerAt + 4 + s.Length;
        var reader = new JpegBitReader(_data, _source);
        reader.Start(dataStart);
        JpegScanDecoder.Decode(frame, components, ss, se, ah, al, _restartInterval, reader, _source, $"scan {_scanCount + 1} starting at byte {dataStart}");
        _scanCount++;
        return reader.Position;
    }

    private void ValidateProgressive(string where, int count, int ss, int se, int ah, int al)
    {
        bool bad = ss == 0 ? se != 0 : (ss > se || se > 63 || count != 1);
        if (ah != 0 && al != ah - 1)
            bad = true;
        if (al > 13 || ah > 13)
            bad = true;
        if (bad)
            throw Fail(where, $"the progressive scan parameters Ss={ss}, Se={se}, Ah={ah}, Al={al} are invalid; the file is corrupt");
    }

    private void AssignTables(JpegComponent c, int tables, bool progressive, int ss, int ah, string where)
    {
        int dc = tables >> 4;
        int ac = tables & 15;
        bool needDc = !progressive || (ss == 0 && ah == 0);
        bool needAc = !progressive || ss != 0;
        if (needDc)
        {
            c.DcTable = (dc < 4 ? _dcTables[dc] : null)
                ?? throw Fail(where, $"the scan uses DC Huffman table {dc}, which is not defined; the file is corrupt");
        }

        if (needAc)
        {
            c.AcTable = (ac < 4 ? _acTables[ac] : null)
                ?? throw Fail(where, $"the scan uses AC Huffman table {ac}, which is not defined; the file is corrupt");
        }

        if (c.Quant is null)
        {
            ushort[] quant = _quantTables[c.QuantTableId]
                ?? throw Fail(where, $"component {c.Id} uses quantisation table {c.QuantTableId}, which is not defined; the file is corrupt");
            c.Quant = (ushort[])quant.Clone();
        }

        c.SeenInScan = true;
    }
}

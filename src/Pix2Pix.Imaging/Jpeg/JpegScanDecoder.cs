namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// Decodes one scan into the components' coefficient arrays: sequential (baseline/extended Huffman) or one of the
/// four progressive kinds (DC first/refine, AC first/refine; T.81 G.1.2), following libjpeg's jdhuff.c/jdphuff.c.
/// </summary>
internal sealed class JpegScanDecoder
{
    /// <summary>Zig-zag index to natural (row-major) index, padded with 63s so corrupt run lengths stay in the block.</summary>
    internal static readonly byte[] NaturalOrder =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];

    private readonly JpegBitReader _reader;
    private readonly string _source;
    private readonly ScanKind _kind;
    private readonly int _ss;
    private readonly int _se;
    private readonly int _al;
    private int _eobRun;

    private JpegScanDecoder(JpegBitReader reader, string source, ScanKind kind, int ss, int se, int al)
    {
        _reader = reader;
        _source = source;
        _kind = kind;
        _ss = ss;
        _se = se;
        _al = al;
    }

    private enum ScanKind
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    /// <summary>Decodes the MCUs of one scan; the reader is positioned at the start of its entropy-coded data.</summary>
    public static void Decode(JpegFrame frame, JpegComponent[] components, int ss, int se, int ah, int al,
        int restartInterval, JpegBitReader reader, string source, string location)
    {
        ScanKind kind = !frame.Progressive ? ScanKind.Sequential
            : ss == 0 ? (ah == 0 ? ScanKind.DcFirst : ScanKind.DcRefine)
            : (ah == 0 ? ScanKind.AcFirst : ScanKind.AcRefine);
        new JpegScanDecoder(reader, source, kind, ss, se, al).DecodeMcus(frame, components, restartInterval, location);
    }

    private void DecodeMcus(JpegFrame frame, JpegComponent[] components, int restartInterval, string location)
    {
        bool single = components.Length == 1;
        int mcusX = single ? components[0].BlocksWide : frame.McusX;
        int mcusY = single ? components[0].BlocksHigh : frame.McusY;
        long total = (long)mcusX * mcusY;
        ResetPredictions(components);
        int expectedRestart = 0;
        bool skipToRestart = false;
        for (long m = 0; m < total; m++)
        {
            if (restartInterval > 0 && m > 0 && m % restartInterval == 0)
            {
                _reader.ReadRestartMarker(expectedRestart, location);
                expectedRestart = (expectedRestart + 1) & 7;
                ResetPredictions(components);
                skipToRestart = false;
            }

            // Like libjpeg: once the data ran into a marker, leave the rest of the interval's blocks as they are.
            if (skipToRestart)
                continue;
            int mx = (int)(m % mcusX);
            int my = (int)(m / mcusX);
            if (single)
            {
                JpegComponent c = components[0];
                DecodeBlock(c, ((my * c.BlocksPerLine) + mx) * 64);
            }
            else
            {
                foreach (JpegComponent c in components)
                {
                    for (int v = 0; v < c.V; v++)
                    {
                        int row = (my * c.V) + v;
                        for (int h = 0; h < c.H; h++)
                            DecodeBlock(c, ((row * c.BlocksPerLine) + (mx * c.H) + h) * 64);
                    }
                }
            }

            skipToRestart = _reader.HitMarkerEarly;
        }

        _reader.Finish(location);
    }

    private void ResetPredictions(JpegComponent[] components)
    {
        foreach (JpegComponent c in components)
            c.DcPredictor = 0;
        _eobRun = 0;
    }

    private void DecodeBlock(JpegComponent c, int offset)
    {
        Span<short> block = c.Coefficients.AsSpan(offset, 64);
        switch (_kind)
        {
            case ScanKind.Sequential:
                DecodeSequential(c, block);
                break;
            case ScanKind.DcFirst:
                block[0] = (short)(DecodeDcDifference(c) << _al);
                break;
            case ScanKind.DcRefine:
                if (_reader.ReadBit() != 0)
                    block[0] |= (short)(1 << _al);
                break;
            case ScanKind.AcFirst:
                DecodeAcFirst(c.AcTable!, block);
                break;
            default:
                DecodeAcRefine(c.AcTable!, block);
                break;
        }
    }

    /// <summary>Adds the next DC difference to the component's predictor and returns the new DC value.</summary>
    private int DecodeDcDifference(JpegComponent c)
    {
        int s = _reader.DecodeHuffman(c.DcTable!);
        if (s != 0)
        {
            if (s > 16)
                throw new ImageDecodeException(_source, $"entropy-coded data near byte {_reader.Position}", $"a DC coefficient has an impossible size category {s}; the file is corrupt");
            c.DcPredictor += _reader.ReceiveExtend(s);
        }

        return c.DcPredictor;
    }

    private void DecodeSequential(JpegComponent c, Span<short> block)
    {
        block[0] = (short)DecodeDcDifference(c);
        JpegHuffmanTable ac = c.AcTable!;
        for (int k = 1; k < 64; k++)
        {
            int rs = _reader.DecodeHuffman(ac);
            int run = rs >> 4;
            int s = rs & 15;
            if (s != 0)
            {
                k += run;
                block[NaturalOrder[k]] = (short)_reader.ReceiveExtend(s);
            }
            else
            {
                if (run != 15)
                    break;
                k += 15;
            }
        }
    }

    private void DecodeAcFirst(JpegHuffmanTable ac, Span<short> block)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        for (int k = _ss; k <= _se; k++)
        {
            int rs = _reader.DecodeHuffman(ac);
            int run = rs >> 4;
            int s = rs & 15;
            if (s != 0)
            {
                k += run;
                block[NaturalOrder[k]] = (short)(_reader.ReceiveExtend(s) << _al);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                _eobRun = (1 << run) - 1;
                if (run != 0)
                    _eobRun += _reader.ReadBits(run);
                break;
            }
        }
    }

    private void DecodeAcRefine(JpegHuffmanTable ac, Span<short> block)
    {
        int p1 = 1 << _al;
        int m1 = -1 << _al;
        int k = _ss;
        if (_eobRun == 0)
        {
            for (; k <= _se; k++)
            {
                int rs = _reader.DecodeHuffman(ac);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0)
                {
                    // s must be 1 (libjpeg warns otherwise); the next bit gives the new coefficient's sign.
                    s = _reader.ReadBit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    _eobRun = 1 << r;
                    if (r != 0)
                        _eobRun += _reader.ReadBits(r);
                    break;
                }

                // Skip r zero coefficients, adding a correction bit to each nonzero one passed on the way.
                do
                {
                    int z = NaturalOrder[k];
                    if (block[z] != 0)
                        RefineNonZero(ref block[z], p1, m1);
                    else if (--r < 0)
                        break;
                    k++;
                }
                while (k <= _se);

                if (s != 0)
                    block[NaturalOrder[k]] = (short)s;
            }
        }

        if (_eobRun > 0)
        {
            for (; k <= _se; k++)
            {
                int z = NaturalOrder[k];
                if (block[z] != 0)
                    RefineNonZero(ref block[z], p1, m1);
            }

            _eobRun--;
        }
    }

    private void RefineNonZero(ref short coefficient, int p1, int m1)
    {
        if (_reader.ReadBit() != 0 && (coefficient & p1) == 0)
            coefficient = (short)(coefficient >= 0 ? coefficient + p1 : coefficient + m1);
    }
}

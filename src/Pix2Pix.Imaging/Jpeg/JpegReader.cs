namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// Walks the marker segments of one JPEG file (T.81 Annex B), keeps the tables they define, decodes each scan and
/// finally composes the image. Every read is bounds-checked; problems become <see cref="ImageDecodeException"/>.
/// </summary>
internal sealed partial class JpegReader
{
    private readonly byte[] _data;
    private readonly string _source;
    private readonly long _maxPixels;
    private readonly ushort[]?[] _quantTables = new ushort[4][];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable[4];
    private JpegFrame? _frame;
    private int _restartInterval;
    private bool _sawJfif;
    private int _adobeTransform = -1;
    private int _scanCount;

    public JpegReader(byte[] data, string source, long maxPixels)
    {
        _data = data;
        _source = source;
        _maxPixels = maxPixels;
    }

    public Image Decode()
    {
        if (_data.Length < 2 || _data[0] != 0xFF || _data[1] != JpegMarkers.Soi)
            throw Fail("byte 0", "the data does not start with a JPEG SOI marker (FF D8), so it is not a JPEG file");
        int position = 2;
        while (true)
        {
            int marker = JpegMarkers.FindNext(_data, ref position);
            if (marker < 0)
            {
                if (IsComplete())
                    break; // libjpeg also accepts a missing EOI after complete scans (with a warning).
                throw Fail($"byte {_data.Length}", "the file ends before the image data is complete; it is truncated, so re-download or re-export it");
            }

            int markerAt = position;
            position += 2;
            if (marker == JpegMarkers.Eoi)
                break;
            position = HandleMarker(marker, markerAt, position);
        }

        if (_frame is null)
            throw Fail("end of file", "no frame header (SOF) was found; the file is corrupt");
        if (!IsComplete())
            throw Fail("end of file", "the file has no scan data for some colour component; it is corrupt or truncated");
        return JpegPixelOutput.Compose(_frame, IsRgbColorSpace());
    }

    private bool IsComplete() => _frame is not null && _scanCount > 0 && _frame.Components.All(c => c.SeenInScan);

    /// <summary>Handles the marker at <paramref name="markerAt"/>; returns where to look for the next marker.</summary>
    private int HandleMarker(int marker, int markerAt, int position)
    {
        switch (marker)
        {
            case JpegMarkers.Soi:
                throw Fail($"byte {markerAt}", "a second SOI marker was found inside the image; the file is corrupt");
            case >= JpegMarkers.Rst0 and <= JpegMarkers.Rst7:
            case 0x01:
                return position; // Stand-alone markers without a length; libjpeg ignores stray ones too.
            case JpegMarkers.Sof0 or JpegMarkers.Sof1 or JpegMarkers.Sof2:
                ReadFrame(marker, Segment(marker, markerAt), markerAt);
                break;
            case 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or 0xCC:
                throw Fail($"{JpegMarkers.Name(marker)} at byte {markerAt}",
                    $"this JPEG uses {Describe(marker)}, which is unsupported; convert it to a baseline or progressive JPEG (e.g. re-save it with an image editor)");
            case JpegMarkers.Dht:
                ReadHuffmanTables(Segment(marker, markerAt), markerAt);
                break;
            case JpegMarkers.Dqt:
                ReadQuantTables(Segment(marker, markerAt), markerAt);
                break;
            case JpegMarkers.Dri:
                ReadRestartInterval(Segment(marker, markerAt), markerAt);
                break;
            case JpegMarkers.Sos:
                return ReadScan(Segment(marker, markerAt), markerAt);
            case JpegMarkers.App0:
                ReadJfif(Segment(marker, markerAt));
                break;
            case JpegMarkers.App14:
                ReadAdobe(Segment(marker, markerAt));
                break;
            default:
                Segment(marker, markerAt); // APPn, COM, DNL, JPGn: skipped.
                break;
        }

        return markerAt + 2 + ReadUInt16(markerAt + 2);
    }

    private static string Describe(int marker) => marker switch
    {
        0xC3 => "lossless coding (SOF3)",
        0xC5 or 0xC6 or 0xC7 => $"hierarchical coding ({JpegMarkers.Name(marker)})",
        0xCC => "arithmetic coding (DAC)",
        _ => $"arithmetic coding ({JpegMarkers.Name(marker)})",
    };

    /// <summary>The payload of the segment whose marker is at <paramref name="markerAt"/> (after the length field).</summary>
    private ReadOnlySpan<byte> Segment(int marker, int markerAt)
    {
        if (markerAt + 4 > _data.Length)
            throw Fail($"{JpegMarkers.Name(marker)} at byte {markerAt}", "the file ends inside a segment header; it is truncated");
        int length = ReadUInt16(markerAt + 2);
        if (length < 2)
            throw Fail($"{JpegMarkers.Name(marker)} at byte {markerAt}", $"the segment length {length} is invalid; the file is corrupt");
        if (markerAt + 2 + length > _data.Length)
            throw Fail($"{JpegMarkers.Name(marker)} at byte {markerAt}", $"the {length}-byte segment runs past the end of the file; it is truncated");
        return _data.AsSpan(markerAt + 4, length - 2);
    }

    private int ReadUInt16(int at) => (_data[at] << 8) | _data[at + 1];

    private bool IsRgbColorSpace()
    {
        if (_frame is null || _frame.Components.Length != 3 || _sawJfif)
            return false;
        if (_adobeTransform >= 0)
            return _adobeTransform == 0;
        JpegComponent[] c = _frame.Components;
        return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B';
    }

    private ImageDecodeException Fail(string location, string problem) => new(_source, location, problem);
}

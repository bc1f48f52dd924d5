namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>Test-side helpers to find and patch marker segments in a JPEG file (walks the segments before the first scan).</summary>
internal static class JpegBytes
{
    /// <summary>Offset of the 0xFF of the first marker <paramref name="code"/> before the first SOS (or the SOS itself).</summary>
    public static int FindMarker(byte[] data, int code)
    {
        int p = 2;
        while (p + 4 <= data.Length)
        {
            if (data[p] != 0xFF)
                throw new InvalidOperationException($"Expected a marker at byte {p}.");
            int marker = data[p + 1];
            if (marker == code)
                return p;
            if (marker == 0xDA)
                break;
            p += 2 + ((data[p + 2] << 8) | data[p + 3]);
        }

        throw new InvalidOperationException($"Marker 0x{code:X2} not found before the first scan.");
    }

    /// <summary>Offset of the first SOFn marker (C0..CF except C4, C8, CC).</summary>
    public static int FindFrame(byte[] data)
    {
        int p = 2;
        while (p + 4 <= data.Length)
        {
            int marker = data[p + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return p;
            p += 2 + ((data[p + 2] << 8) | data[p + 3]);
        }

        throw new InvalidOperationException("No frame header found.");
    }

    /// <summary>Reads (width, height, components) from the frame header.</summary>
    public static (int Width, int Height, int Components) ReadFrameHeader(byte[] data)
    {
        int sof = FindFrame(data);
        return ((data[sof + 7] << 8) | data[sof + 8], (data[sof + 5] << 8) | data[sof + 6], data[sof + 9]);
    }
}

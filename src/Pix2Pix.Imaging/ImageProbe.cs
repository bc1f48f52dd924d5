using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Pix2Pix.Imaging;

/// <summary>
/// A quick check that an image file is whole, without decoding it: the format by its magic bytes, the header, the
/// size it claims (<see cref="DecodeLimits"/>), and that the file is not cut short — a JPEG's segments up to the scan
/// data and its end-of-image marker (FF D9), a PNG's chunk lengths up to IEND, a BMP's pixel array. It reads a few
/// hundred bytes per file, so thousands of files take seconds; a file that passes can still hold bad compressed data.
/// </summary>
internal static class ImageProbe
{
    // A JPEG may carry padding after its end-of-image marker; look for FF D9 this far back from the end.
    private const int JpegTailWindow = 1024;

    /// <summary>Why the file at <paramref name="path"/> cannot be a whole image, or null when it looks whole.</summary>
    public static string? FindProblem(string path, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return FindProblem(new Reader(file, RandomAccess.GetLength(file)), maxPixels);
        }
        catch (ImageDecodeException e)
        {
            return e.Problem ?? e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }

    private static string? FindProblem(Reader file, long maxPixels)
    {
        if (file.Length == 0)
            return "the file is empty (0 bytes)";
        Span<byte> head = stackalloc byte[16];
        head = head[..file.Read(0, head)];
        return ImageCodecs.DetectFormat(head) switch
        {
            ImageFormat.Png => CheckPng(file, maxPixels),
            ImageFormat.Jpeg => CheckJpeg(file, maxPixels),
            ImageFormat.Bmp => CheckBmp(file, maxPixels),
            ImageFormat.Pnm => null, // Netpbm headers are free text; a truncated one fails at decode, naming the file.
            ImageFormat.Tiff => "TIFF is not supported; convert it to PNG or JPEG",
            ImageFormat.Gif => "GIF is not supported; convert it to PNG or JPEG",
            ImageFormat.WebP => "WebP is not supported; convert it to PNG or JPEG",
            _ => $"the first bytes ({Convert.ToHexString(head[..Math.Min(8, head.Length)])}) match no supported format (PNG, JPEG, BMP, PBM/PGM/PPM)",
        };
    }

    private static string? CheckPng(Reader file, long maxPixels)
    {
        Span<byte> header = stackalloc byte[8];
        Span<byte> ihdr = stackalloc byte[8];
        long position = 8;
        bool first = true, sawData = false;
        while (true)
        {
            if (position + 8 > file.Length)
                return $"truncated: the file ends at byte {file.Length} without the IEND chunk{(sawData ? "" : " and before any image data (IDAT)")}";
            file.ReadExactly(position, header);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = ChunkType(header[4..]);
            if (length > int.MaxValue || type.Length == 0)
                return $"the chunk header at byte {position} is invalid (length {length}); the file is corrupt";
            long end = position + 12 + length;
            if (end > file.Length)
                return $"truncated: the file ends at byte {file.Length} inside the {type} chunk that needs {end} bytes";
            if (first)
            {
                if (type != "IHDR" || length != 13)
                    return $"the first chunk is {type}, not a 13-byte IHDR; the file is corrupt";
                file.ReadExactly(position + 8, ihdr);
                DecodeLimits.EnsureAllowed(BinaryPrimitives.ReadUInt32BigEndian(ihdr), BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]), 4, maxPixels, "", "IHDR");
                first = false;
            }
            sawData |= type == "IDAT";
            if (type == "IEND")
                return sawData ? null : "the file has no image data (no IDAT chunk before IEND)";
            position = end;
        }
    }

    private static string ChunkType(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (!char.IsAsciiLetter((char)b))
                return "";
        }
        return System.Text.Encoding.ASCII.GetString(type);
    }

    private static string? CheckJpeg(Reader file, long maxPixels)
    {
        Span<byte> marker = stackalloc byte[4];
        Span<byte> frame = stackalloc byte[5];
        long position = 2;
        bool sawFrame = false;
        while (true)
        {
            if (position + 4 > file.Length)
                return $"truncated: the file ends at byte {file.Length} in the header, before the image data";
            file.ReadExactly(position, marker);
            if (marker[0] != 0xFF)
                return $"expected a marker (FF) at byte {position} but found {marker[0]:X2}; the header is corrupt";
            byte code = marker[1];
            if (code == 0xFF)
            {
                position++; // fill byte
                continue;
            }
            if (code == 0xD9)
                return "the end-of-image marker comes before any image data";
            if (code is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                position += 2;
                continue;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]);
            long end = position + 2 + length;
            if (length < 2 || end > file.Length)
                return $"truncated: the file ends at byte {file.Length} inside the FF{code:X2} segment that needs {end} bytes";
            if (code is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (length < 8)
                    return $"the frame header (FF{code:X2}) at byte {position} is too short";
                file.ReadExactly(position + 5, frame);
                DecodeLimits.EnsureAllowed(BinaryPrimitives.ReadUInt16BigEndian(frame[2..]), BinaryPrimitives.ReadUInt16BigEndian(frame), frame[4], maxPixels, "", $"FF{code:X2}");
                sawFrame = true;
            }
            if (code == 0xDA)
            {
                if (!sawFrame)
                    return "the scan starts before any frame header (SOF); the file is corrupt";
                return CheckJpegTail(file, end);
            }
            position = end;
        }
    }

    /// <summary>The scan data must exist and end in FF D9 (allowing padding after it).</summary>
    private static string? CheckJpegTail(Reader file, long scanStart)
    {
        if (scanStart >= file.Length)
            return $"truncated: the file ends at byte {file.Length}, right after the scan header, with no image data";
        long from = Math.Max(scanStart, file.Length - JpegTailWindow);
        Span<byte> tail = stackalloc byte[JpegTailWindow];
        tail = tail[..file.Read(from, tail[..(int)(file.Length - from)])];
        for (int i = tail.Length - 2; i >= 0; i--)
        {
            if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
                return null;
        }
        return $"truncated: the scan data starts at byte {scanStart} but the file ends at byte {file.Length} without the end-of-image marker FF D9";
    }

    private static string? CheckBmp(Reader file, long maxPixels)
    {
        Span<byte> header = stackalloc byte[34];
        if (file.Length < 26)
            return $"truncated: {file.Length} bytes is too short for a BMP header";
        header = header[..file.Read(0, header)];
        long pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[10..]);
        int infoSize = BinaryPrimitives.ReadInt32LittleEndian(header[14..]);
        long width, height;
        int bpp, compression = 0;
        if (infoSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(header[24..]);
        }
        else if (infoSize >= 40 && header.Length >= 34)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(header[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(header[22..]));
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            compression = BinaryPrimitives.ReadInt32LittleEndian(header[30..]);
        }
        else
        {
            return $"the BMP info header size {infoSize} is unknown or the file is truncated";
        }
        DecodeLimits.EnsureAllowed(width, height, 4, maxPixels, "", "BMP info header");
        // Uncompressed (BI_RGB) and bit-field rows are stored whole, padded to 4 bytes; RLE sizes vary.
        long needed = compression is 0 or 3 ? pixelOffset + ((width * bpp + 31) / 32 * 4 * height) : pixelOffset + 1;
        return needed > file.Length
            ? $"truncated: the pixel data needs {needed} bytes but the file has {file.Length}"
            : null;
    }

    /// <summary>Positioned reads on an open file.</summary>
    private readonly struct Reader(SafeFileHandle handle, long length)
    {
        public long Length { get; } = length;

        public int Read(long offset, Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = RandomAccess.Read(handle, buffer[total..], offset + total);
                if (n == 0)
                    break;
                total += n;
            }
            return total;
        }

        public void ReadExactly(long offset, Span<byte> buffer)
        {
            if (Read(offset, buffer) != buffer.Length)
                throw new ImageDecodeException("", $"byte {offset}", $"truncated: the file ends at byte {Length}");
        }
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace Pix2Pix.Imaging.Bmp;

/// <summary>
/// Decodes uncompressed Windows BMP files: 1/4/8-bit palette (→ RGB), 24-bit BGR (→ RGB), 16/32-bit BI_RGB
/// (32-bit: the fourth byte is ignored, → RGB, as Pillow does) and 16/32-bit BI_BITFIELDS (→ RGBA when an alpha mask
/// is given), bottom-up or top-down. RLE-compressed BMPs are rejected with a clear message.
/// </summary>
internal static class BmpDecoder
{
    private const int BiRgb = 0;
    private const int BiBitfields = 3;
    private const int BiAlphaBitfields = 6;

    public static bool IsBmp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M';

    /// <exception cref="ImageDecodeException">The data is not a supported, valid BMP or is larger than <paramref name="maxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        if (!IsBmp(data))
            throw new ImageDecodeException(sourceName, "byte 0", "the 'BM' signature is missing, so this is not a BMP file");
        if (data.Length < 26)
            throw new ImageDecodeException(sourceName, "file header", "the file is too short for a BMP header; it is truncated");
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(data[14..]);
        if (headerSize is not (12 or 40 or 52 or 56 or 64 or 108 or 124) || 14L + headerSize > data.Length)
            throw new ImageDecodeException(sourceName, "info header at byte 14", $"the info header size {headerSize} is unknown or the file is truncated");
        ReadOnlySpan<byte> info = data.Slice(14, headerSize);
        long width, height;
        int bpp, compression = BiRgb, colorsUsed = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(info[6..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(info[10..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
            compression = BinaryPrimitives.ReadInt32LittleEndian(info[16..]);
            colorsUsed = BinaryPrimitives.ReadInt32LittleEndian(info[32..]);
        }

        bool topDown = height < 0;
        height = Math.Abs(height);
        const string where = "info header at byte 14";
        if (bpp is not (1 or 4 or 8 or 16 or 24 or 32))
            throw new ImageDecodeException(sourceName, where, $"{bpp} bits per pixel is not supported (only 1, 4, 8, 16, 24, 32); convert the file to PNG");
        if (compression is not (BiRgb or BiBitfields or BiAlphaBitfields))
            throw new ImageDecodeException(sourceName, where, $"compression type {compression} (RLE, JPEG or PNG inside BMP) is not supported; convert the file to PNG");
        if (compression != BiRgb && bpp is not (16 or 32))
            throw new ImageDecodeException(sourceName, where, $"bit-field compression needs 16 or 32 bits per pixel, not {bpp}; the file is corrupt");

        uint[] masks = ReadMasks(data, headerSize, bpp, compression, sourceName);
        bool hasAlpha = compression != BiRgb && masks[3] != 0;
        int channels = hasAlpha ? 4 : 3;
        DecodeLimits.EnsureAllowed(width, height, channels, maxPixels, sourceName, where);

        long stride = (width * bpp + 31) / 32 * 4;
        if (pixelOffset > data.Length || stride * height > data.Length - pixelOffset)
            throw new ImageDecodeException(sourceName, $"pixel data at byte {pixelOffset}", $"the file holds {Math.Max(0, data.Length - (long)pixelOffset):N0} bytes of pixel data but a {width}x{height} {bpp}-bit image needs {stride * height:N0}; it is truncated");
        byte[]? palette = bpp <= 8 ? ReadPalette(data, headerSize, bpp, colorsUsed, (int)pixelOffset, sourceName) : null;

        var image = new Image((int)width, (int)height, channels);
        for (int y = 0; y < image.Height; y++)
        {
            int sourceRow = topDown ? y : image.Height - 1 - y;
            ReadOnlySpan<byte> row = data.Slice((int)(pixelOffset + sourceRow * stride), (int)stride);
            Span<byte> dst = image.Pixels.AsSpan(y * image.Stride, image.Stride);
            if (palette is not null)
                ExpandPaletteRow(row, bpp, palette, dst);
            else if (bpp == 24 || (bpp == 32 && compression == BiRgb))
                ExpandBgrRow(row, bpp / 8, dst);
            else
                ExpandMaskedRow(row, bpp, masks, channels, dst);
        }

        return image;
    }

    private static uint[] ReadMasks(ReadOnlySpan<byte> data, int headerSize, int bpp, int compression, string sourceName)
    {
        if (compression == BiRgb)
            return bpp == 16 ? [0x7C00, 0x03E0, 0x001F, 0] : [0xFF0000, 0xFF00, 0xFF, 0];
        int count = compression == BiAlphaBitfields || headerSize >= 56 ? 4 : 3;
        int at = 14 + 40;
        if (data.Length < at + count * 4)
            throw new ImageDecodeException(sourceName, $"bit masks at byte {at}", "the file ends before the colour bit masks; it is truncated");
        var masks = new uint[4];
        for (int i = 0; i < count; i++)
            masks[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + i * 4)..]);
        return masks;
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> data, int headerSize, int bpp, int colorsUsed, int pixelOffset, string sourceName)
    {
        int entrySize = headerSize == 12 ? 3 : 4;
        int count = colorsUsed > 0 && colorsUsed <= (1 << bpp) ? colorsUsed : 1 << bpp;
        int at = 14 + headerSize;
        count = Math.Min(count, Math.Max(0, (pixelOffset - at) / entrySize));
        if (count == 0)
            throw new ImageDecodeException(sourceName, $"palette at byte {at}", "a palette image has no palette; the file is corrupt");
        var rgb = new byte[256 * 3];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> bgr = data.Slice(at + i * entrySize, 3);
            rgb[i * 3] = bgr[2];
            rgb[i * 3 + 1] = bgr[1];
            rgb[i * 3 + 2] = bgr[0];
        }

        return rgb;
    }

    private static void ExpandPaletteRow(ReadOnlySpan<byte> row, int bpp, byte[] palette, Span<byte> dst)
    {
        int width = dst.Length / 3;
        int mask = (1 << bpp) - 1;
        for (int x = 0; x < width; x++)
        {
            int bit = x * bpp;
            int index = (row[bit >> 3] >> (8 - bpp - (bit & 7))) & mask;
            palette.AsSpan(index * 3, 3).CopyTo(dst.Slice(x * 3, 3));
        }
    }

    private static void ExpandBgrRow(ReadOnlySpan<byte> row, int bytesPerPixel, Span<byte> dst)
    {
        int width = dst.Length / 3;
        for (int x = 0; x < width; x++)
        {
            int s = x * bytesPerPixel;
            dst[x * 3] = row[s + 2];
            dst[x * 3 + 1] = row[s + 1];
            dst[x * 3 + 2] = row[s];
        }
    }

    private static void ExpandMaskedRow(ReadOnlySpan<byte> row, int bpp, uint[] masks, int channels, Span<byte> dst)
    {
        int width = dst.Length / channels;
        for (int x = 0; x < width; x++)
        {
            uint value = bpp == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(row[(x * 2)..]) : BinaryPrimitives.ReadUInt32LittleEndian(row[(x * 4)..]);
            for (int c = 0; c < channels; c++)
                dst[x * channels + c] = Extract(value, masks[c]);
        }
    }

    /// <summary>The masked field scaled to 0..255 with truncation, as Pillow does (a 5-bit field 31 → 255, 30 → 246).</summary>
    private static byte Extract(uint value, uint mask)
    {
        if (mask == 0)
            return 0;
        int shift = BitOperations.TrailingZeroCount(mask);
        ulong max = mask >> shift;
        ulong field = (value & mask) >> shift;
        return (byte)(field * 255 / max);
    }
}

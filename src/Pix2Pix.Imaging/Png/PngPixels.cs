using System.IO.Compression;

namespace Pix2Pix.Imaging.Png;

/// <summary>
/// Inflates the concatenated IDAT data, unfilters each row (of each Adam7 pass when interlaced) and expands the
/// samples to 8-bit <see cref="Image"/> pixels. 16-bit samples keep their high byte; 1/2/4-bit gray is scaled to
/// 0..255 (×255, ×85, ×17); palette indices become RGB (RGBA when there is a tRNS chunk); indices past the end of the
/// palette become black.
/// </summary>
internal static class PngPixels
{
    /// <summary>Deflate cannot expand data by more than about 1032:1, so less input than this cannot fill the image.</summary>
    private const long MaxDeflateRatio = 1100;

    private static readonly (int X, int Y, int Dx, int Dy)[] SinglePass = [(0, 0, 1, 1)];

    public static Image Decode(PngHeader header, byte[] idat, int idatLength, byte[]? palette, byte[]? paletteAlpha, string sourceName)
    {
        long needed = header.FilteredDataBytes();
        if (needed > idatLength * MaxDeflateRatio)
        {
            throw new ImageDecodeException(sourceName, "IDAT data",
                $"{idatLength:N0} bytes of compressed data cannot hold the {needed:N0} bytes a {header.Width}x{header.Height} image needs; the file is truncated or corrupt");
        }

        int channels = header.OutputChannels(paletteAlpha is not null);
        var image = new Image(header.Width, header.Height, channels);
        byte[]? rgbaPalette = palette is null ? null : ExpandPalette(palette, paletteAlpha);
        using var compressed = new MemoryStream(idat, 0, idatLength, writable: false);
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        long maxRow = header.RowBytes(header.Width);
        var previous = new byte[maxRow];
        var current = new byte[maxRow + 1];
        var passes = header.Interlaced ? PngHeader.Adam7Passes : SinglePass;
        for (int p = 0; p < passes.Length; p++)
        {
            var (x0, y0, dx, dy) = passes[p];
            int passWidth = (int)((header.Width - x0 + (long)dx - 1) / dx);
            int passHeight = (int)((header.Height - y0 + (long)dy - 1) / dy);
            if (passWidth <= 0 || passHeight <= 0)
                continue;
            int rowBytes = (int)header.RowBytes(passWidth);
            Span<byte> prev = previous.AsSpan(0, rowBytes);
            prev.Clear();
            for (int r = 0; r < passHeight; r++)
            {
                Span<byte> line = current.AsSpan(0, rowBytes + 1);
                ReadRow(zlib, line, sourceName, header.Interlaced, p, r);
                Span<byte> row = line[1..];
                if (!PngFilters.TryUnfilter(line[0], prev, row, header.FilterDistance))
                    throw new ImageDecodeException(sourceName, RowLocation(header.Interlaced, p, r), $"row filter type {line[0]} is unknown (valid: 0-4); the file is corrupt");
                ExpandRow(header, row, passWidth, image, y0 + r * dy, x0, dx, rgbaPalette);
                row.CopyTo(prev);
            }
        }

        return image;
    }

    private static string RowLocation(bool interlaced, int pass, int row) =>
        interlaced ? $"IDAT data, row {row} of Adam7 pass {pass + 1}" : $"IDAT data, row {row}";

    private static void ReadRow(ZLibStream zlib, Span<byte> line, string sourceName, bool interlaced, int pass, int row)
    {
        int read;
        try
        {
            read = zlib.ReadAtLeast(line, line.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new ImageDecodeException(sourceName, RowLocation(interlaced, pass, row), $"the compressed image data is corrupt ({e.Message})");
        }

        if (read < line.Length)
            throw new ImageDecodeException(sourceName, RowLocation(interlaced, pass, row), "the compressed image data ends early; the file is truncated or corrupt");
    }

    private static byte[] ExpandPalette(byte[] rgb, byte[]? alpha)
    {
        var rgba = new byte[256 * 4];
        for (int i = 0; i < 256; i++)
        {
            if (i * 3 + 2 < rgb.Length)
            {
                rgba[i * 4] = rgb[i * 3];
                rgba[i * 4 + 1] = rgb[i * 3 + 1];
                rgba[i * 4 + 2] = rgb[i * 3 + 2];
            }

            rgba[i * 4 + 3] = alpha is not null && i < alpha.Length ? alpha[i] : (byte)255;
        }

        return rgba;
    }

    private static void ExpandRow(PngHeader h, ReadOnlySpan<byte> row, int count, Image image, int y, int x0, int dx, byte[]? palette)
    {
        int channels = image.Channels;
        Span<byte> dst = image.Pixels.AsSpan(y * image.Stride);
        if (dx == 1 && h.BitDepth == 8 && h.ColorType is PngHeader.Gray or PngHeader.Rgb or PngHeader.Rgba)
        {
            row[..(count * channels)].CopyTo(dst);
            return;
        }

        int depth = h.BitDepth;
        for (int i = 0, x = x0; i < count; i++, x += dx)
        {
            Span<byte> px = dst.Slice(x * channels, channels);
            switch (h.ColorType)
            {
                case PngHeader.Gray:
                    px[0] = depth >= 8 ? Sample(row, i, depth) : (byte)(Sample(row, i, depth) * (255 / ((1 << depth) - 1)));
                    break;
                case PngHeader.Rgb:
                    px[0] = Sample(row, i * 3, depth);
                    px[1] = Sample(row, i * 3 + 1, depth);
                    px[2] = Sample(row, i * 3 + 2, depth);
                    break;
                case PngHeader.Palette:
                    int entry = Sample(row, i, depth) * 4;
                    palette.AsSpan(entry, channels).CopyTo(px);
                    break;
                case PngHeader.GrayAlpha:
                    byte gray = Sample(row, i * 2, depth);
                    px[0] = gray;
                    px[1] = gray;
                    px[2] = gray;
                    px[3] = Sample(row, i * 2 + 1, depth);
                    break;
                default:
                    for (int c = 0; c < 4; c++)
                        px[c] = Sample(row, i * 4 + c, depth);
                    break;
            }
        }
    }

    /// <summary>Sample <paramref name="index"/> of a row: the raw value for depths below 8, the high byte for 16.</summary>
    private static byte Sample(ReadOnlySpan<byte> row, int index, int depth) => depth switch
    {
        8 => row[index],
        16 => row[index * 2],
        _ => (byte)((row[(index * depth) >> 3] >> (8 - depth - ((index * depth) & 7))) & ((1 << depth) - 1)),
    };
}

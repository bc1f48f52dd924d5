using System.Buffers.Binary;

namespace Pix2Pix.Imaging.Png;

/// <summary>The IHDR chunk: size, sample format and interlace method of a PNG image.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    public const int Gray = 0;
    public const int Rgb = 2;
    public const int Palette = 3;
    public const int GrayAlpha = 4;
    public const int Rgba = 6;

    /// <summary>Adam7 passes: x start, y start, x step, y step.</summary>
    public static readonly (int X, int Y, int Dx, int Dy)[] Adam7Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public int SamplesPerPixel => ColorType switch
    {
        Gray or Palette => 1,
        GrayAlpha => 2,
        Rgb => 3,
        _ => 4,
    };

    public int BitsPerPixel => SamplesPerPixel * BitDepth;

    /// <summary>The byte distance the filters look back: one whole pixel, at least one byte.</summary>
    public int FilterDistance => Math.Max(1, BitsPerPixel / 8);

    public long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;

    /// <summary>Bytes of filtered image data (filter-type byte plus packed samples per row, over all passes).</summary>
    public long FilteredDataBytes()
    {
        if (!Interlaced)
            return Height * (1 + RowBytes(Width));
        long total = 0;
        foreach (var (x0, y0, dx, dy) in Adam7Passes)
        {
            long w = (Width - x0 + (long)dx - 1) / dx;
            long h = (Height - y0 + (long)dy - 1) / dy;
            if (w > 0 && h > 0)
                total += h * (1 + RowBytes((int)w));
        }

        return total;
    }

    /// <summary>Channels of the decoded <see cref="Image"/>: gray 1; RGB 3; palette 3 (4 with tRNS); gray+alpha and RGBA 4.</summary>
    public int OutputChannels(bool paletteHasAlpha) => ColorType switch
    {
        Gray => 1,
        Rgb => 3,
        Palette => paletteHasAlpha ? 4 : 3,
        _ => 4,
    };

    public static PngHeader Parse(ReadOnlySpan<byte> body, string sourceName, string location)
    {
        if (body.Length != 13)
            throw new ImageDecodeException(sourceName, location, $"IHDR must be 13 bytes long, not {body.Length}; the file is corrupt");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8];
        int colorType = body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw new ImageDecodeException(sourceName, location, $"the image size {width}x{height} is invalid; the file is corrupt");
        bool depthOk = colorType switch
        {
            Gray => depth is 1 or 2 or 4 or 8 or 16,
            Palette => depth is 1 or 2 or 4 or 8,
            Rgb or GrayAlpha or Rgba => depth is 8 or 16,
            _ => throw new ImageDecodeException(sourceName, location, $"colour type {colorType} does not exist in PNG (valid: 0, 2, 3, 4, 6); the file is corrupt"),
        };
        if (!depthOk)
            throw new ImageDecodeException(sourceName, location, $"bit depth {depth} is not allowed with colour type {colorType}; the file is corrupt");
        if (body[10] != 0)
            throw new ImageDecodeException(sourceName, location, $"compression method {body[10]} is unknown (only 0, deflate, exists)");
        if (body[11] != 0)
            throw new ImageDecodeException(sourceName, location, $"filter method {body[11]} is unknown (only 0 exists)");
        if (body[12] > 1)
            throw new ImageDecodeException(sourceName, location, $"interlace method {body[12]} is unknown (only 0 = none and 1 = Adam7 exist)");
        return new PngHeader((int)width, (int)height, depth, colorType, body[12] == 1);
    }
}

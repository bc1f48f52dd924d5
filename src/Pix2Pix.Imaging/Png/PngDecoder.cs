using System.Buffers.Binary;

namespace Pix2Pix.Imaging.Png;

/// <summary>
/// Decodes PNG files of every colour type (gray, RGB, palette, gray+alpha, RGBA), bit depth (1-16) and interlace
/// method into 8-bit <see cref="Image"/>s. Output channels: gray → 1; RGB → 3; palette → 3, or 4 when a tRNS chunk
/// gives the palette alpha; gray+alpha → 4 (RGBA, gray copied to R, G, B); RGBA → 4. 16-bit samples keep their high
/// byte, as Pillow does for RGB(A) and gray+alpha. (Pillow opens 16-bit gray as mode "I", and its convert('L') or
/// convert('RGB') then clips every value above 255 to white; we keep the high byte instead.) A tRNS colour key on gray or RGB images is ignored (like Pillow's
/// <c>convert('RGB')</c>). Every chunk's CRC is checked; ancillary chunks are skipped.
/// </summary>
internal static class PngDecoder
{
    /// <summary>The 8-byte PNG file signature.</summary>
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <exception cref="ImageDecodeException">The data is not a valid PNG or the image is larger than <paramref name="maxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        if (!IsPng(data))
            throw new ImageDecodeException(sourceName, "byte 0", "the PNG signature is missing, so this is not a PNG file");
        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        var idat = new byte[Math.Min(data.Length, 1 << 16)];
        int idatLength = 0;
        int pos = Signature.Length;
        while (true)
        {
            if (pos == data.Length && idatLength > 0)
                break; // A missing IEND after complete image data is tolerated, as most decoders do.
            if (data.Length - pos < 12)
                throw new ImageDecodeException(sourceName, $"byte {pos}", "the file ends in the middle of a chunk header; it is truncated");
            uint declared = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            string type = ChunkType(data.Slice(pos + 4, 4));
            string location = $"chunk {type} at byte {pos}";
            if (declared > int.MaxValue || declared > data.Length - pos - 12)
                throw new ImageDecodeException(sourceName, location, $"the chunk declares {declared:N0} bytes of data but only {Math.Max(0, data.Length - pos - 12):N0} remain; the file is truncated or corrupt");
            int length = (int)declared;
            ReadOnlySpan<byte> body = data.Slice(pos + 8, length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + length)..]);
            uint computed = Crc32.Compute(data.Slice(pos + 4, length + 4));
            if (stored != computed)
                throw new ImageDecodeException(sourceName, location, $"the CRC check failed (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt");
            if (header is null && type != "IHDR")
                throw new ImageDecodeException(sourceName, location, "the first chunk must be IHDR; the file is corrupt");
            pos += 12 + length;
            switch (type)
            {
                case "IHDR":
                    if (header is not null)
                        throw new ImageDecodeException(sourceName, location, "there is a second IHDR chunk; the file is corrupt");
                    var h = PngHeader.Parse(body, sourceName, location);
                    DecodeLimits.EnsureAllowed(h.Width, h.Height, h.OutputChannels(true), maxPixels, sourceName, location);
                    header = h;
                    break;
                case "PLTE":
                    if (length == 0 || length % 3 != 0 || length > 768)
                        throw new ImageDecodeException(sourceName, location, $"a palette must hold 1-256 RGB entries (3 bytes each), not {length} bytes; the file is corrupt");
                    palette = body.ToArray();
                    break;
                case "tRNS":
                    if (header!.Value.ColorType == PngHeader.Palette)
                        paletteAlpha = body[..Math.Min(length, 256)].ToArray();
                    break;
                case "IDAT":
                    AppendIdat(ref idat, ref idatLength, body);
                    break;
                case "IEND":
                    return Finish(header!.Value, idat, idatLength, palette, paletteAlpha, sourceName, location);
                default:
                    if ((data[pos - 8 - length] & 0x20) == 0)
                        throw new ImageDecodeException(sourceName, location, $"the critical chunk {type} is not known to this decoder; convert the file with another tool");
                    break;
            }
        }

        return Finish(header!.Value, idat, idatLength, palette, paletteAlpha, sourceName, $"byte {pos}");
    }

    private static Image Finish(PngHeader header, byte[] idat, int idatLength, byte[]? palette, byte[]? paletteAlpha, string sourceName, string location)
    {
        if (idatLength == 0)
            throw new ImageDecodeException(sourceName, location, "there is no image data (no IDAT chunk); the file is truncated or corrupt");
        if (header.ColorType == PngHeader.Palette && palette is null)
            throw new ImageDecodeException(sourceName, location, "a palette image has no PLTE chunk; the file is corrupt");
        return PngPixels.Decode(header, idat, idatLength, header.ColorType == PngHeader.Palette ? palette : null, paletteAlpha, sourceName);
    }

    private static void AppendIdat(ref byte[] buffer, ref int length, ReadOnlySpan<byte> body)
    {
        if (buffer.Length - length < body.Length)
            Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max((long)buffer.Length * 2, (long)length + body.Length)));
        body.CopyTo(buffer.AsSpan(length));
        length += body.Length;
    }

    private static string ChunkType(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
            chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        return new string(chars);
    }
}

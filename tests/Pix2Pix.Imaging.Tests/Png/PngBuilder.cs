using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Imaging.Tests.Png;

/// <summary>Builds hand-made (often broken) PNG files chunk by chunk for the error tests.</summary>
internal static class PngBuilder
{
    public static byte[] Chunk(string type, ReadOnlySpan<byte> body, bool badCrc = false)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        body.CopyTo(chunk.AsSpan(8));
        uint crc = Crc32.Compute(chunk.AsSpan(4, 4 + body.Length));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), badCrc ? crc ^ 1 : crc);
        return chunk;
    }

    public static byte[] Header(uint width, uint height, byte depth = 8, byte colorType = 2, byte interlace = 0)
    {
        var body = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(body, width);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), height);
        body[8] = depth;
        body[9] = colorType;
        body[12] = interlace;
        return Chunk("IHDR", body);
    }

    public static byte[] Deflate(ReadOnlySpan<byte> raw)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(raw);
        return buffer.ToArray();
    }

    public static byte[] File(params byte[][] chunks) => [.. PngDecoder.Signature, .. chunks.SelectMany(c => c)];

    /// <summary>The byte offset of the first chunk of <paramref name="type"/> in a PNG file.</summary>
    public static int FindChunk(byte[] png, string type)
    {
        int pos = 8;
        while (pos + 8 <= png.Length)
        {
            if (Encoding.ASCII.GetString(png, pos + 4, 4) == type)
                return pos;
            pos += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
        }

        return -1;
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Pix2Pix.Imaging.Png;

/// <summary>
/// Encodes 8-bit gray, RGB and RGBA images as non-interlaced PNG. Each row gets the filter whose output has the
/// smallest sum of absolute (signed) bytes, the heuristic libpng and Pillow use.
/// </summary>
internal static class PngEncoder
{
    private const int MaxIdatChunk = 1 << 20;

    public static byte[] Encode(Image image, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        Encode(image, output, level);
        return output.ToArray();
    }

    public static void Encode(Image image, Stream output, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(PngDecoder.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = 8;
        ihdr[9] = image.Channels switch
        {
            1 => PngHeader.Gray,
            3 => PngHeader.Rgb,
            _ => PngHeader.Rgba,
        };
        WriteChunk(output, "IHDR"u8, ihdr);
        byte[] compressed = Compress(image, level);
        for (int offset = 0; offset < compressed.Length; offset += MaxIdatChunk)
            WriteChunk(output, "IDAT"u8, compressed.AsSpan(offset, Math.Min(MaxIdatChunk, compressed.Length - offset)));
        WriteChunk(output, "IEND"u8, []);
    }

    private static byte[] Compress(Image image, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, level, leaveOpen: true))
        {
            int stride = image.Stride;
            int distance = image.Channels;
            var zeros = new byte[stride];
            var candidates = new byte[5][];
            for (int f = 0; f < 5; f++)
                candidates[f] = new byte[stride + 1];
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.Pixels.AsSpan(y * stride, stride);
                ReadOnlySpan<byte> previous = y == 0 ? zeros : image.Pixels.AsSpan((y - 1) * stride, stride);
                int best = 0;
                long bestScore = long.MaxValue;
                for (int f = 0; f < 5; f++)
                {
                    byte[] candidate = candidates[f];
                    candidate[0] = (byte)f;
                    PngFilters.Apply(f, previous, row, candidate.AsSpan(1), distance);
                    long score = Score(candidate.AsSpan(1));
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best = f;
                    }
                }

                zlib.Write(candidates[best]);
            }
        }

        return buffer.ToArray();
    }

    private static long Score(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
        {
            int signed = (sbyte)b;
            sum += signed < 0 ? -signed : signed;
        }

        return sum;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        output.Write(word);
        output.Write(type);
        output.Write(body);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), body) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}

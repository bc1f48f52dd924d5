using System.Buffers.Binary;
using System.IO.Compression;

namespace Pix2Pix.Tests.Support;

/// <summary>Writes tiny MNIST-style IDX files (raw or gzipped) for tests (linked into the Gan and Cli test projects).</summary>
internal static class IdxFiles
{
    /// <summary>IDX bytes: magic 0x0000080N, the sizes, the values.</summary>
    public static byte[] Build(int[] dims, byte[] values)
    {
        var bytes = new byte[4 + 4 * dims.Length + values.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x0800u | (uint)dims.Length);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        values.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>Writes the IDX bytes of <paramref name="dims"/> and <paramref name="values"/> to <paramref name="path"/>.</summary>
    public static void WriteFile(string path, int[] dims, byte[] values) => File.WriteAllBytes(path, Build(dims, values));

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(raw);
        return output.ToArray();
    }

    /// <summary>A pair of <paramref name="count"/> h×w images (pixel = (index·37 + y·w + x) mod 256) and labels index mod 10.</summary>
    public static void WritePair(string folder, string prefix, int count, int h = 28, int w = 28, bool gzip = false)
    {
        var pixels = new byte[count * h * w];
        for (int n = 0; n < count; n++)
            for (int p = 0; p < h * w; p++)
                pixels[n * h * w + p] = (byte)((n * 37 + p) % 256);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        Write(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), Build([count, h, w], pixels), gzip);
        Write(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), Build([count], labels), gzip);
    }

    private static void Write(string path, byte[] raw, bool gzip) =>
        File.WriteAllBytes(gzip ? path + ".gz" : path, gzip ? Gzip(raw) : raw);
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// One file of the IDX format MNIST and Fashion-MNIST ship in (raw or gzipped, told apart by content): a big-endian
/// magic 0x0000_08_NN (unsigned bytes, NN dimensions), NN big-endian sizes, then the bytes. Every way a download can be
/// damaged (truncated, not an IDX file, a broken gzip stream) is a <see cref="DataException"/> naming the file and
/// saying to download it again.
/// </summary>
internal sealed class IdxFile
{
    private const int MaxBytes = 1 << 30;

    private IdxFile(string path, int[] dims, byte[] data)
    {
        Path = path;
        Dims = dims;
        Data = data;
    }

    public string Path { get; }

    /// <summary>The sizes from the header: [count] for labels, [count, rows, cols] for images.</summary>
    public IReadOnlyList<int> Dims { get; }

    /// <summary>The values after the header, row-major.</summary>
    public byte[] Data { get; }

    public int Count => Dims[0];

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="rank"/> dimensions (3: images, 1: labels).</summary>
    public static IdxFile Read(string path, int rank, string redownload)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = Decompress(path, redownload);
        string what = rank == 3 ? "image" : "label";
        if (bytes.Length < 4)
            throw new DataException($"'{path}' is truncated: {bytes.Length} bytes is shorter than an IDX {what} header. {redownload}");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        uint expected = 0x0800u | (uint)rank;
        if (magic != expected)
            throw new DataException($"'{path}' is not an IDX {what} file: it starts with 0x{magic:X8}, not 0x{expected:X8}" +
                (magic == (0x0800u | (uint)(4 - rank)) ? $" (it looks like the {(rank == 3 ? "label" : "image")} file of a pair; check the file names)" : "") +
                $". {redownload}");
        if (bytes.Length < 4 + 4 * rank)
            throw new DataException($"'{path}' is truncated: {bytes.Length} bytes is shorter than an IDX {what} header. {redownload}");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (d == 0 || d > MaxBytes)
                throw new DataException($"'{path}' has an impossible size {d} in its header (dimension {i}). {redownload}");
            dims[i] = (int)d;
            count *= d;
        }
        int header = 4 + 4 * rank;
        if (count > MaxBytes)
            throw new DataException($"'{path}' claims {count} values, more than this reader accepts (1 GiB). {redownload}");
        if (bytes.Length - header < count)
            throw new DataException($"'{path}' is truncated: its header says {string.Join("x", dims)} ({count} bytes of data) but it holds {bytes.Length - header}. {redownload}");
        return new IdxFile(path, dims, bytes.AsSpan(header, (int)count).ToArray());
    }

    private static byte[] Decompress(string path, string redownload)
    {
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
            return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > MaxBytes)
                    throw new DataException($"'{path}' unpacks to more than 1 GiB, which no MNIST file does. {redownload}");
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"'{path}' is a damaged gzip file ({e.Message}); it is probably truncated. {redownload}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DataException($"'{path}' is a truncated gzip file. {redownload}", e);
        }
    }
}

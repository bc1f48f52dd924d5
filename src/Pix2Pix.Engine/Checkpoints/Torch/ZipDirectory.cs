using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Pix2Pix.Engine.Checkpoints.Torch;

/// <summary>The signatures that start each record of a zip archive.</summary>
internal enum ZipSignature : uint
{
    LocalHeader = 0x04034b50,
    CentralHeader = 0x02014b50,
    End = 0x06054b50,
    Zip64End = 0x06064b50,
    Zip64Locator = 0x07064b50,
}

/// <summary>One file of a zip archive: where its bytes start in the archive and how they are stored.</summary>
internal sealed record ZipEntry(string Name, int Method, long CompressedSize, long Size, uint Crc, long DataOffset);

/// <summary>
/// The central directory of a zip archive (PyTorch's checkpoint container), with zip64 records. Every offset and size
/// is checked against the file's length before use, so a damaged directory is an error, never a huge read.
/// </summary>
internal static class ZipDirectory
{
    public const int Stored = 0;
    public const int Deflated = 8;
    private const int MaxEntries = 1_000_000;
    private const int EndRecordSize = 22;

    public static Dictionary<string, ZipEntry> Read(Stream stream, string file)
    {
        long length = stream.Length;
        (long entryCount, long directorySize, long directoryOffset) = FindEnd(stream, length, file);
        if (entryCount > MaxEntries || directorySize > length || directoryOffset < 0 || directoryOffset > length - directorySize || entryCount * 46 > directorySize)
            throw Fail(file, $"has a zip directory that claims {entryCount} entries in {directorySize} bytes at offset {directoryOffset} of a {length}-byte file; the file is damaged or truncated");
        byte[] directory = ReadAt(stream, directoryOffset, (int)directorySize, file, "the zip directory");
        var entries = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
        int pos = 0;
        for (long i = 0; i < entryCount; i++)
        {
            if (pos > directory.Length - 46 || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(pos)) != (uint)ZipSignature.CentralHeader)
                throw Fail(file, $"has a damaged zip directory (entry {i} at byte {directoryOffset + pos} has no valid header)");
            ReadOnlySpan<byte> h = directory.AsSpan(pos, 46);
            int method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            if (pos + 46L + nameLength + extraLength + commentLength > directory.Length)
                throw Fail(file, $"has a damaged zip directory (entry {i} runs past its end)");
            string name = Encoding.UTF8.GetString(directory, pos + 46, nameLength);
            ReadZip64Extra(directory.AsSpan(pos + 46 + nameLength, extraLength), ref size, ref compressed, ref localOffset);
            pos += 46 + nameLength + extraLength + commentLength;
            if (compressed < 0 || size < 0 || localOffset < 0 || localOffset > length - 30)
                throw Fail(file, $"has a zip entry '{name}' whose offset {localOffset} lies outside the {length}-byte file; the file is damaged or truncated");
            long dataOffset = LocalDataOffset(stream, localOffset, name, file);
            if (dataOffset > length - compressed)
                throw Fail(file, $"has a zip entry '{name}' of {compressed} bytes at offset {dataOffset}, past the end of the {length}-byte file; the file is truncated. Re-download or re-save it");
            if (method == Stored && compressed != size)
                throw Fail(file, $"has a stored zip entry '{name}' whose sizes disagree ({compressed} vs {size}); the file is damaged");
            if (!entries.TryAdd(name, new ZipEntry(name, method, compressed, size, crc, dataOffset)))
                throw Fail(file, $"names the zip entry '{name}' twice; the file is damaged");
        }
        return entries;
    }

    /// <summary>
    /// The whole of a small entry (a pickle, a version string), stored or deflated, CRC-checked. At most
    /// <paramref name="limit"/> bytes: a larger declared size, or deflated data that inflates past its declared size
    /// (a zip bomb), is an error.
    /// </summary>
    public static byte[] ReadSmall(Stream stream, ZipEntry entry, int limit, string file)
    {
        if (entry.Size > limit)
            throw Fail(file, $"has a {entry.Size}-byte '{entry.Name}', more than the {limit}-byte limit; the file is damaged or is not a state dict");
        byte[] data;
        if (entry.Method == Stored)
        {
            data = ReadAt(stream, entry.DataOffset, (int)entry.Size, file, entry.Name);
        }
        else if (entry.Method == Deflated)
        {
            byte[] packed = ReadAt(stream, entry.DataOffset, (int)Math.Min(entry.CompressedSize, int.MaxValue), file, entry.Name);
            data = new byte[entry.Size];
            using var inflater = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress);
            try
            {
                inflater.ReadExactly(data);
                if (inflater.ReadByte() >= 0)
                    throw Fail(file, $"has a compressed '{entry.Name}' that inflates past its declared {entry.Size} bytes; the file is damaged");
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                throw Fail(file, $"has a compressed '{entry.Name}' that cannot be inflated ({ex.Message}); the file is damaged");
            }
        }
        else
        {
            throw Fail(file, $"stores '{entry.Name}' with zip method {entry.Method}; only stored and deflated entries can be read. Re-save it with torch.save");
        }
        if (Crc32.HashToUInt32(data) != entry.Crc)
            throw Fail(file, $"has a '{entry.Name}' whose checksum does not match; the file is damaged. Re-download or re-save it");
        return data;
    }

    public static byte[] ReadAt(Stream stream, long offset, int count, string file, string what)
    {
        if (offset < 0 || count < 0 || offset > stream.Length - count)
            throw Fail(file, $"ends before '{what}' ({count} bytes at offset {offset} of {stream.Length}); the file is truncated. Re-download or re-save it");
        byte[] buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static (long Count, long Size, long Offset) FindEnd(Stream stream, long length, string file)
    {
        int tail = (int)Math.Min(length, EndRecordSize + ushort.MaxValue);
        byte[] buffer = ReadAt(stream, length - tail, tail, file, "the end of the zip archive");
        for (int p = tail - EndRecordSize; p >= 0; p--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(p)) != (uint)ZipSignature.End)
                continue;
            ReadOnlySpan<byte> e = buffer.AsSpan(p, EndRecordSize);
            long count = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            long endAt = length - tail + p;
            if (count != ushort.MaxValue && size != uint.MaxValue && offset != uint.MaxValue)
                return (count, size, offset);
            // zip64: a locator just before the end record points at the zip64 end record
            byte[] locator = ReadAt(stream, endAt - 20, 20, file, "the zip64 locator");
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != (uint)ZipSignature.Zip64Locator)
                throw Fail(file, "has a zip64 archive without its zip64 locator; the file is damaged");
            long at = BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8));
            byte[] record = ReadAt(stream, at, 56, file, "the zip64 end record");
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != (uint)ZipSignature.Zip64End)
                throw Fail(file, "has a zip64 locator that points at no zip64 end record; the file is damaged");
            return (BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32)), BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40)),
                BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48)));
        }
        throw Fail(file, "starts like a zip archive but has no zip directory at its end; the file is truncated. Re-download or re-save it");
    }

    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long localOffset)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int fieldLength = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            ReadOnlySpan<byte> field = extra.Slice(4, fieldLength);
            extra = extra[(4 + fieldLength)..];
            if (id != 1)
                continue;
            // the zip64 field holds, in this order, only the values whose 32-bit field is saturated
            if (size == uint.MaxValue && field.Length >= 8) { size = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
            if (compressed == uint.MaxValue && field.Length >= 8) { compressed = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
            if (localOffset == uint.MaxValue && field.Length >= 8) localOffset = BinaryPrimitives.ReadInt64LittleEndian(field);
        }
    }

    private static long LocalDataOffset(Stream stream, long localOffset, string name, string file)
    {
        byte[] header = ReadAt(stream, localOffset, 30, file, $"the local header of '{name}'");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != (uint)ZipSignature.LocalHeader)
            throw Fail(file, $"has no local header where the zip directory puts '{name}' (offset {localOffset}); the file is damaged");
        return localOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
    }

    private static CheckpointException Fail(string file, string problem) => new($"Checkpoint '{file}' {problem}.");
}

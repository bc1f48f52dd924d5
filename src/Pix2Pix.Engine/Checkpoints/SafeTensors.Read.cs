using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Pix2Pix.Engine.Checkpoints;

internal static partial class SafeTensors
{
    private const string Supported = "F32, F64, F16, BF16, I64, I32";

    private sealed record Entry(string Name, string DType, int[] Shape, long Begin, long End, int Count);

    /// <summary>Reads a safetensors file. Every problem is a <see cref="CheckpointException"/> naming the file.</summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        FileStream stream = CheckpointFiles.OpenRead(full);
        using (stream)
            return Read(stream, full);
    }

    /// <summary>Reads safetensors bytes from <paramref name="stream"/> (from its current position to its end).</summary>
    public static SafeTensorsFile Read(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        try
        {
            return ReadCore(stream, sourceName, stream.Length - stream.Position);
        }
        catch (EndOfStreamException ex)
        {
            throw new CheckpointException($"Checkpoint '{sourceName}' ended early while reading tensor data; the file is truncated. Re-download or re-save it.", ex);
        }
        catch (IOException ex)
        {
            throw new CheckpointException($"Checkpoint '{sourceName}' could not be read: {ex.Message}", ex);
        }
    }

    private static SafeTensorsFile ReadCore(Stream stream, string file, long length)
    {
        if (length < 8)
            throw Fail(file, $"is truncated: it has {length} bytes, fewer than the 8-byte header length that starts every safetensors file. It is not a checkpoint or was cut off; re-download or re-save it.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw Fail(file, $"declares a {headerLength}-byte header, more than the {MaxHeaderBytes}-byte limit; it is damaged or not a safetensors file.");
        if ((long)headerLength > length - 8)
            throw Fail(file, $"declares a {headerLength}-byte header but only {length - 8} bytes follow the length field; the file is truncated. Re-download or re-save it.");
        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = length - 8 - (long)headerLength;
        (List<Entry> entries, Dictionary<string, string> metadata) = ParseHeader(header, file);
        CheckLayout(entries, dataLength, file);

        ulong[]? checksums = TakeChecksums(metadata, entries.Count, file);
        long dataStart = 8 + (long)headerLength;
        var floats = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ints = new Dictionary<string, Int64Tensor>(StringComparer.Ordinal);
        int index = 0;
        foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            ulong digest;
            if (e.DType is "I64" or "I32")
                ints.Add(e.Name, new Int64Tensor(ReadInt64(stream, e, checksums is not null, out digest), e.Shape));
            else
                floats.Add(e.Name, new Tensor(ReadFloat32(stream, e, checksums is not null, out digest), e.Shape));
            if (checksums is not null && digest != checksums[index])
                throw Fail(file, $"is damaged: the data of tensor '{e.Name}' (file bytes {dataStart + e.Begin} to {dataStart + e.End}) does not match the checksum "
                    + $"written with it (xxHash64 {checksums[index]:x16} saved, {digest:x16} read). The file changed after it was saved (a disk or copy error); "
                    + "use another checkpoint (e.g. an epoch snapshot) or copy it again from a good source.");
            index++;
        }
        var tensors = new StateDict();
        foreach (Entry e in entries)
        {
            if (floats.TryGetValue(e.Name, out Tensor? f))
                tensors.Add(e.Name, f);
            else
                tensors.Add(e.Name, ints[e.Name]);
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(byte[] header, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException($"Checkpoint '{file}' has a malformed JSON header ({ex.Message}); it is damaged or not a safetensors file.", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Fail(file, $"has a JSON header that is a {document.RootElement.ValueKind}, not an object of tensors; it is not a safetensors file.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Fail(file, $"names '{property.Name}' twice in its header; names must be unique. The file is damaged; re-save it.");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, file);
                else
                    entries.Add(ParseEntry(property.Name, property.Value, file));
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string file)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Fail(file, $"has a '{MetadataKey}' that is not an object of strings; the header is damaged.");
        foreach (JsonProperty item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Fail(file, $"has metadata '{item.Name}' that is a {item.Value.ValueKind}; safetensors metadata values must be strings.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Fail(file, $"names metadata '{item.Name}' twice; keys must be unique.");
        }
    }

    private static Entry ParseEntry(string name, JsonElement element, string file)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Fail(file, $"describes tensor '{name}' with a {element.ValueKind} instead of an object with dtype, shape and data_offsets; the header is damaged.");
        if (!element.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Fail(file, $"gives tensor '{name}' no string 'dtype'; the header is damaged.");
        string dtype = dtypeElement.GetString()!;
        int size = ElementSize(dtype);
        if (size == 0)
            throw Fail(file, $"stores tensor '{name}' as dtype '{dtype}', which is not supported (supported: {Supported}); convert it to float32 before saving.");

        if (!element.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Fail(file, $"gives tensor '{name}' no 'shape' array; the header is damaged.");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int axis = 0;
        foreach (JsonElement d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw Fail(file, $"gives tensor '{name}' a shape entry '{d.GetRawText()}' that is not a non-negative integer; the header is damaged.");
            shape[axis++] = dim;
            count = dim == 0 ? 0 : count > Array.MaxLength / dim ? long.MaxValue : count * dim;
        }
        if (count > Array.MaxLength)
            throw Fail(file, $"gives tensor '{name}' the shape [{string.Join(", ", shape)}], too large to hold in memory (more than {Array.MaxLength} elements).");

        if (!element.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2 || !TryOffset(offsets[0], out long begin) || !TryOffset(offsets[1], out long end))
            throw Fail(file, $"gives tensor '{name}' no valid 'data_offsets' (two non-negative byte offsets); the header is damaged.");
        if (end < begin)
            throw Fail(file, $"gives tensor '{name}' data_offsets [{begin}, {end}] that end before they begin; the header is damaged.");
        if (end - begin != count * size)
            throw Fail(file, $"gives tensor '{name}' shape [{string.Join(", ", shape)}] of {dtype} ({count * size} bytes) but data_offsets [{begin}, {end}] span {end - begin} bytes; the header is damaged.");
        return new Entry(name, dtype, shape, begin, end, (int)count);
    }

    private static bool TryOffset(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value) && value >= 0;
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        "F16" or "BF16" => 2,
        _ => 0,
    };

    /// <summary>The tensors must tile the data section exactly: in offset order, no gap, no overlap, nothing after.</summary>
    private static void CheckLayout(List<Entry> entries, long dataLength, string file)
    {
        long expected = 0;
        Entry? previous = null;
        foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < expected)
                throw Fail(file, $"has overlapping tensors: '{e.Name}' starts at byte {e.Begin}, inside '{previous!.Name}' (which ends at {expected}); the header is damaged.");
            if (e.Begin > expected)
                throw Fail(file, $"has a gap of {e.Begin - expected} unused bytes before tensor '{e.Name}' (data_offsets must be contiguous); the header is damaged.");
            if (e.End > dataLength)
                throw Fail(file, $"has tensor '{e.Name}' ending at data byte {e.End} but the data section has only {dataLength} bytes; the offsets are out of range or the file is truncated. Re-download or re-save it.");
            expected = e.End;
            previous = e;
        }
        if (expected != dataLength)
            throw Fail(file, $"has {dataLength - expected} bytes after its last tensor that no header entry describes; the file is damaged or was written by a faulty tool.");
    }

    /// <summary>
    /// Removes our checksum entry from <paramref name="metadata"/> and returns its values (one per tensor in data
    /// order), or null for a file without one.
    /// </summary>
    private static ulong[]? TakeChecksums(Dictionary<string, string> metadata, int tensorCount, string file)
    {
        if (!metadata.Remove(ChecksumKey, out string? text))
            return null;
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != ChecksumAlgorithm)
            throw Fail(file, $"has a '{ChecksumKey}' entry that does not start with '{ChecksumAlgorithm}'; the header is damaged or from a newer version.");
        if (parts.Length - 1 != tensorCount)
            throw Fail(file, $"has {parts.Length - 1} data checksums for {tensorCount} tensors; the header is damaged.");
        var values = new ulong[tensorCount];
        for (int k = 0; k < tensorCount; k++)
        {
            if (!ulong.TryParse(parts[k + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out values[k]))
                throw Fail(file, $"has a data checksum '{parts[k + 1]}' that is not a hexadecimal number; the header is damaged.");
        }
        return values;
    }

    private static float[] ReadFloat32(Stream stream, Entry e, bool hash, out ulong digest)
    {
        var values = new float[e.Count];
        digest = 0;
        if (e.DType == "F32")
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            if (hash)
                digest = Hash(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
            return values;
        }
        byte[] raw = new byte[e.End - e.Begin];
        stream.ReadExactly(raw);
        if (hash)
            digest = Hash(raw);
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = e.DType switch
            {
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(8 * k)),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(2 * k)),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2 * k)) << 16),
            };
        }
        return values;
    }

    private static long[] ReadInt64(Stream stream, Entry e, bool hash, out ulong digest)
    {
        var values = new long[e.Count];
        digest = 0;
        if (e.DType == "I64")
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            if (hash)
                digest = Hash(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(values, values);
            return values;
        }
        byte[] raw = new byte[e.End - e.Begin];
        stream.ReadExactly(raw);
        if (hash)
            digest = Hash(raw);
        for (int k = 0; k < values.Length; k++)
            values[k] = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4 * k));
        return values;
    }

    private static CheckpointException Fail(string file, string problem) => new($"Checkpoint '{file}' {problem}");
}

using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// The safetensors format (as Hugging Face's <c>safetensors</c> library reads it): an 8-byte little-endian header
/// length N, N bytes of JSON (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>,
/// padded with spaces to a multiple of 8), then the tensors' little-endian bytes, contiguous and in order.
/// We write F32 and I64; we read F32, F64, F16, BF16 (as float32) and I64, I32 (as int64).
/// With <c>checksum</c> (what <see cref="Checkpoint.Save"/> asks for) the metadata also holds <see cref="ChecksumKey"/>:
/// <c>xxh64</c> and one 16-digit xxHash64 per tensor in data order, verified when the file is read; files without it
/// (from other tools) read as before.
/// </summary>
internal static partial class SafeTensors
{
    /// <summary>The key of the optional string map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers larger than this are refused (the Python library's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The metadata key of our per-tensor data checksums; never returned by the reader as metadata.</summary>
    public const string ChecksumKey = "pix2pix.data_checksums";

    private const string ChecksumAlgorithm = "xxh64";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>); with
    /// <paramref name="checksum"/>, a checksum of every tensor's data goes into the metadata.
    /// </summary>
    public static void Write(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null, bool checksum = false)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        byte[] header = BuildHeader(tensors, WithChecksums(tensors, metadata, checksum));
        AtomicFile.Write(path, stream => WriteBody(stream, header, tensors));
    }

    /// <summary>Writes the safetensors bytes of <paramref name="tensors"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null, bool checksum = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        WriteBody(stream, BuildHeader(tensors, WithChecksums(tensors, metadata, checksum)), tensors);
    }

    /// <summary>
    /// The caller's metadata without a stale checksum entry (e.g. metadata read from another file), plus this data's
    /// checksums when asked. The header comes before the data, so the tensors are hashed (in memory) before writing.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? WithChecksums(StateDict tensors, IReadOnlyDictionary<string, string>? metadata, bool checksum)
    {
        if (!checksum && metadata?.ContainsKey(ChecksumKey) != true)
            return metadata;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key != ChecksumKey)
                result[key] = value;
        }
        if (checksum)
        {
            var text = new System.Text.StringBuilder(ChecksumAlgorithm);
            foreach (string name in tensors.Names)
                text.Append(' ').Append(Hash(LittleEndianBytes(tensors, name)).ToString("x16", CultureInfo.InvariantCulture));
            result[ChecksumKey] = text.ToString();
        }
        return result;
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes) => XxHash64.HashToUInt64(bytes);

    /// <summary>A tensor's data as little-endian bytes (float32 or int64), as both checkpoint writers store it.</summary>
    internal static ReadOnlySpan<byte> LittleEndianBytes(StateDict tensors, string name)
    {
        ReadOnlySpan<byte> bytes;
        int size;
        if (tensors.TryGetFloat(name, out Tensor f))
        {
            bytes = MemoryMarshal.AsBytes(f.Data.AsSpan());
            size = sizeof(float);
        }
        else if (tensors.TryGetInt64(name, out Int64Tensor i))
        {
            bytes = MemoryMarshal.AsBytes(i.Data.AsSpan());
            size = sizeof(long);
        }
        else
            throw new InvalidOperationException($"State dict entry '{name}' has no tensor.");
        if (BitConverter.IsLittleEndian)
            return bytes;
        byte[] swapped = bytes.ToArray();
        for (int k = 0; k < swapped.Length; k += size)
            swapped.AsSpan(k, size).Reverse();
        return swapped;
    }

    private static byte[] BuildHeader(StateDict tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach ((string key, string value) in metadata)
                {
                    if (key is null || value is null)
                        throw new ArgumentException("Checkpoint metadata keys and values must not be null.", nameof(metadata));
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (string name in tensors.Names)
            {
                if (name == MetadataKey)
                    throw new ArgumentException($"A tensor cannot be named '{MetadataKey}'; that key holds the file's metadata. Rename the tensor.", nameof(tensors));
                (string dtype, long bytes) = tensors.TryGetFloat(name, out Tensor f) ? ("F32", 4L * f.Count)
                    : tensors.TryGetInt64(name, out Int64Tensor i) ? ("I64", 8L * i.Data.Length)
                    : throw new InvalidOperationException($"State dict entry '{name}' has no tensor.");
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int d in tensors.ShapeOf(name))
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int k = 0; k < padding; k++)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteBody(Stream stream, byte[] header, StateDict tensors)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (string name in tensors.Names)
        {
            if (tensors.TryGetFloat(name, out Tensor f))
                WriteLittleEndian(stream, MemoryMarshal.AsBytes(f.Data.AsSpan()), sizeof(float));
            else if (tensors.TryGetInt64(name, out Int64Tensor i))
                WriteLittleEndian(stream, MemoryMarshal.AsBytes(i.Data.AsSpan()), sizeof(long));
        }
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<byte> bytes, int elementSize)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(bytes);
            return;
        }
        byte[] swapped = bytes.ToArray();
        for (int k = 0; k < swapped.Length; k += elementSize)
            swapped.AsSpan(k, elementSize).Reverse();
        stream.Write(swapped);
    }
}

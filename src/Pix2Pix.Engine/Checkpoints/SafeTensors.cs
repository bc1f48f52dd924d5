using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// The safetensors format (as Hugging Face's <c>safetensors</c> library reads it): an 8-byte little-endian header
/// length N, N bytes of JSON (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>,
/// padded with spaces to a multiple of 8), then the tensors' little-endian bytes, contiguous and in order.
/// We write F32 and I64; we read F32, F64, F16, BF16 (as float32) and I64, I32 (as int64).
/// </summary>
public static partial class SafeTensors
{
    /// <summary>The key of the optional string map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers larger than this are refused (the Python library's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        byte[] header = BuildHeader(tensors, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, header, tensors));
    }

    /// <summary>Writes the safetensors bytes of <paramref name="tensors"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        WriteBody(stream, BuildHeader(tensors, metadata), tensors);
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

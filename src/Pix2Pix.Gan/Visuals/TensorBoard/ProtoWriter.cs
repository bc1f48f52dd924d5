using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Pix2Pix.Gan.Visuals.TensorBoard;

/// <summary>
/// The few protobuf encodings an event file needs, written by hand: varints, 32/64-bit little-endian fixed values and
/// length-delimited bytes. A nested message is built in its own writer first and then written as bytes, which is the
/// protobuf wire form of a sub-message. Event messages are small, so the copy costs nothing that matters.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
    }

    public void Double(int field, double value)
    {
        Tag(field, WireFixed64);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write((ReadOnlySpan<byte>)bytes);
    }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write((ReadOnlySpan<byte>)bytes);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }
        _buffer.Write([(byte)value]);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Pix2Pix.Gan.Tests.Visuals.TensorBoard;

/// <summary>One decoded <c>Summary.Value</c>: its tag and whichever of scalar, image or text tensor it holds.</summary>
internal sealed record TfValue(string Tag, float? Scalar, TfImage? Image, string? PluginName, string? Text);

internal sealed record TfImage(int Height, int Width, int Colorspace, byte[] Encoded);

internal sealed record TfEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<TfValue> Values);

/// <summary>
/// A reader of TensorBoard event files written for the tests from the public specification alone, sharing no code with
/// the writer: TensorFlow's record framing (<c>record_writer.cc</c>: uint64 length, masked CRC-32C of the length, data,
/// masked CRC-32C of the data, little-endian; mask = rotate right 15 + 0xa282ead8) with both CRCs checked, and the
/// protobuf wire format decoded field by field against <c>event.proto</c>, <c>summary.proto</c>, <c>tensor.proto</c>.
/// Unknown fields are skipped, as protobuf readers do.
/// </summary>
internal static class TfEventReader
{
    public static List<TfEvent> Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var events = new List<TfEvent>();
        int pos = 0;
        while (pos < file.Length)
        {
            if (file.Length - pos < 12)
                throw new InvalidDataException($"{path}: a record header is cut at byte {pos}.");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8));
            if (MaskedCrc(file.AsSpan(pos, 8)) != lengthCrc)
                throw new InvalidDataException($"{path}: the length CRC of the record at byte {pos} does not match.");
            pos += 12;
            if ((ulong)(file.Length - pos) < length + 4)
                throw new InvalidDataException($"{path}: the record at byte {pos - 12} is cut.");
            var data = file.AsSpan(pos, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + (int)length));
            if (MaskedCrc(data) != dataCrc)
                throw new InvalidDataException($"{path}: the data CRC of the record at byte {pos - 12} does not match.");
            events.Add(DecodeEvent(data.ToArray()));
            pos += (int)length + 4;
        }
        return events;
    }

    /// <summary>CRC-32C bit by bit (reflected Castagnoli polynomial 0x82F63B78), then TensorFlow's mask.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
        }
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static TfEvent DecodeEvent(byte[] data)
    {
        double wallTime = 0;
        long step = 0;
        string? version = null;
        var values = new List<TfValue>();
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: wallTime = BitConverter.Int64BitsToDouble((long)f.Fixed(1)); break;   // double wall_time = 1
                case 2: step = (long)f.Varint(); break;                                        // int64 step = 2
                case 3: version = Encoding.UTF8.GetString(f.Bytes()); break;                   // string file_version = 3
                case 5:                                                                        // Summary summary = 5
                    foreach (var v in Fields(f.Bytes()).Where(v => v.Number == 1))            // repeated Value value = 1
                        values.Add(DecodeValue(v.Bytes()));
                    break;
            }
        }
        return new TfEvent(wallTime, step, version, values);
    }

    private static TfValue DecodeValue(byte[] data)
    {
        string tag = "";
        float? scalar = null;
        TfImage? image = null;
        string? plugin = null, text = null;
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: tag = Encoding.UTF8.GetString(f.Bytes()); break;                             // string tag = 1
                case 2: scalar = BitConverter.Int32BitsToSingle((int)f.Fixed(5)); break;            // float simple_value = 2
                case 4: image = DecodeImage(f.Bytes()); break;                                        // Image image = 4
                case 8: text = DecodeStringTensor(f.Bytes()); break;                                  // TensorProto tensor = 8
                case 9:                                                                               // SummaryMetadata metadata = 9
                    foreach (var pd in Fields(f.Bytes()).Where(m => m.Number == 1))                  // PluginData plugin_data = 1
                        plugin = Fields(pd.Bytes()).Where(p => p.Number == 1).Select(p => Encoding.UTF8.GetString(p.Bytes())).LastOrDefault();
                    break;
            }
        }
        return new TfValue(tag, scalar, image, plugin, text);
    }

    private static TfImage DecodeImage(byte[] data)
    {
        int h = 0, w = 0, cs = 0;
        byte[] encoded = [];
        foreach (var f in Fields(data))
        {
            switch (f.Number)
            {
                case 1: h = (int)f.Varint(); break;
                case 2: w = (int)f.Varint(); break;
                case 3: cs = (int)f.Varint(); break;
                case 4: encoded = f.Bytes(); break;
            }
        }
        return new TfImage(h, w, cs, encoded);
    }

    /// <summary>A DT_STRING (7) tensor of shape [1]: its one string_val (field 8).</summary>
    private static string DecodeStringTensor(byte[] data)
    {
        var fields = Fields(data).ToList();
        long dtype = (long)fields.Single(f => f.Number == 1).Varint();
        if (dtype != 7)
            throw new InvalidDataException($"text tensor of dtype {dtype}, not DT_STRING (7)");
        var shape = Fields(fields.Single(f => f.Number == 2).Bytes()).Where(d => d.Number == 2)
            .Select(d => (long)Fields(d.Bytes()).Single(s => s.Number == 1).Varint()).ToList();
        if (shape.Count != 1 || shape[0] != 1)
            throw new InvalidDataException($"text tensor of shape [{string.Join(", ", shape)}], not [1]");
        return Encoding.UTF8.GetString(fields.Single(f => f.Number == 8).Bytes());
    }

    private readonly record struct Field(int Number, int WireType, ulong Value, byte[]? Payload)
    {
        public ulong Varint() => WireType == 0 ? Value : throw new InvalidDataException($"field {Number}: wire type {WireType}, expected a varint");

        public ulong Fixed(int wire) => WireType == wire ? Value : throw new InvalidDataException($"field {Number}: wire type {WireType}, expected {wire}");

        public byte[] Bytes() => WireType == 2 ? Payload! : throw new InvalidDataException($"field {Number}: wire type {WireType}, expected length-delimited");
    }

    private static IEnumerable<Field> Fields(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = ReadVarint(data, ref pos);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return new Field(number, wire, ReadVarint(data, ref pos), null);
                    break;
                case 1:
                    yield return new Field(number, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(pos, 8)), null);
                    pos += 8;
                    break;
                case 2:
                    int len = checked((int)ReadVarint(data, ref pos));
                    yield return new Field(number, wire, 0, data.AsSpan(pos, len).ToArray());
                    pos += len;
                    break;
                case 5:
                    yield return new Field(number, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos, 4)), null);
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wire} at byte {pos}");
            }
        }
    }

    private static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException("varint longer than 10 bytes");
    }
}

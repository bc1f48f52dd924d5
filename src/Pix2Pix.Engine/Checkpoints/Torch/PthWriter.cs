using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pix2Pix.Engine.Checkpoints.Torch;

/// <summary>
/// Writes a state dict as PyTorch's zip checkpoint (what <c>torch.save(net.state_dict(), path)</c> writes since 1.6):
/// <c>archive/data.pkl</c> (a protocol-2 pickle of an OrderedDict of <c>_rebuild_tensor_v2</c> calls, which
/// <c>torch.load(path, weights_only=True)</c> accepts), one stored record per tensor under <c>archive/data/</c> aligned
/// to 64 bytes, <c>archive/byteorder</c> and <c>archive/version</c>.
/// </summary>
internal static class PthWriter
{
    private const string Archive = "archive";
    private const int Alignment = 64;

    public static void Write(Stream stream, StateDict tensors)
    {
        var zip = new ZipStoreWriter(stream, Alignment);
        zip.Add($"{Archive}/data.pkl", Pickle(tensors));
        zip.Add($"{Archive}/byteorder", "little"u8);
        int key = 0;
        foreach (string name in tensors.Names)
            zip.Add($"{Archive}/data/{key++}", SafeTensors.LittleEndianBytes(tensors, name));
        zip.Add($"{Archive}/version", "3\n"u8);
        zip.Finish();
    }

    private static byte[] Pickle(StateDict tensors)
    {
        var p = new PickleBuilder();
        p.Op(0x80).Op(2);                                       // PROTO 2
        p.Global("collections", "OrderedDict").Op(')').Op('R'); // OrderedDict()
        p.Op('(');                                              // MARK
        int key = 0;
        foreach (string name in tensors.Names)
        {
            bool isFloat = tensors.TryGetFloat(name, out Tensor f);
            int[] shape = tensors.ShapeOf(name);
            long numel = isFloat ? f.Count : tensors.TryGetInt64(name, out Int64Tensor i) ? i.Data.Length : 0;
            p.Text(name);
            p.Global("torch._utils", "_rebuild_tensor_v2").Op('(');
            // the storage, by persistent id: ("storage", torch.FloatStorage, key, "cpu", numel)
            p.Op('(').Text("storage").Global("torch", isFloat ? "FloatStorage" : "LongStorage").Text((key++).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Text("cpu").Int(numel).Op('t').Op('Q');
            p.Int(0);                                           // storage offset
            p.Ints(shape.Select(d => (long)d));                 // size
            p.Ints(RowMajorStrides(shape));                     // stride
            p.Op(0x89);                                         // requires_grad = False
            p.Global("collections", "OrderedDict").Op(')').Op('R'); // backward hooks
            p.Op('t').Op('R');
        }
        p.Op('u').Op('.');                                      // SETITEMS, STOP
        return p.ToArray();
    }

    private static long[] RowMajorStrides(int[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    private sealed class PickleBuilder
    {
        private readonly ArrayBufferWriter<byte> _bytes = new();

        public PickleBuilder Op(char op) => Op((byte)op);

        public PickleBuilder Op(byte op)
        {
            _bytes.Write([op]);
            return this;
        }

        public PickleBuilder Global(string module, string name)
        {
            Op('c');
            _bytes.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            return this;
        }

        public PickleBuilder Text(string text)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
            Op('X');
            _bytes.Write(length);
            _bytes.Write(utf8);
            return this;
        }

        public PickleBuilder Int(long value)
        {
            Span<byte> b = stackalloc byte[8];
            if (value is >= 0 and <= byte.MaxValue)
            {
                Op('K').Op((byte)value);
            }
            else if (value is >= 0 and <= ushort.MaxValue)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
                Op('M');
                _bytes.Write(b[..2]);
            }
            else if (value is >= int.MinValue and <= int.MaxValue)
            {
                BinaryPrimitives.WriteInt32LittleEndian(b, (int)value);
                Op('J');
                _bytes.Write(b[..4]);
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(b, value);
                Op(0x8a).Op(8);                                 // LONG1 with 8 bytes, two's complement
                _bytes.Write(b);
            }
            return this;
        }

        public PickleBuilder Ints(IEnumerable<long> values)
        {
            Op('(');
            foreach (long v in values)
                Int(v);
            return Op('t');
        }

        public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
    }
}

/// <summary>
/// A minimal zip writer for uncompressed records (PyTorch's container): each record's data starts on an
/// <c>alignment</c>-byte boundary (padding in the local header's extra field, as PyTorch does, so the data can be
/// memory-mapped), then the central directory. Archives above 4 GB (zip64) are refused.
/// </summary>
internal sealed class ZipStoreWriter(Stream stream, int alignment)
{
    private const ushort PaddingFieldId = 0x4246; // "FB", PyTorch's padding field
    private readonly List<(byte[] Name, uint Crc, long Size, long Offset)> _records = [];
    private long _position;

    public void Add(string name, ReadOnlySpan<byte> data)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        long headerEnd = _position + 30 + nameBytes.Length;
        int padding = (int)((alignment - (headerEnd + 4) % alignment) % alignment);
        uint crc = Crc32.HashToUInt32(data);
        CheckSize(_position + 30 + nameBytes.Length + 4 + padding + data.Length);
        Span<byte> h = stackalloc byte[30];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)ZipSignature.LocalHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)(4 + padding));
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(field, PaddingFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(field[2..], (ushort)padding);
        _records.Add((nameBytes, crc, data.Length, _position));
        stream.Write(h);
        stream.Write(nameBytes);
        stream.Write(field);
        for (int k = 0; k < padding; k++)
            stream.WriteByte((byte)'Z');
        stream.Write(data);
        _position += 30 + nameBytes.Length + 4 + padding + data.Length;
    }

    public void Finish()
    {
        long directoryStart = _position;
        Span<byte> c = stackalloc byte[46];
        foreach ((byte[] name, uint crc, long size, long offset) in _records)
        {
            c.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(c, (uint)ZipSignature.CentralHeader);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 20);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(c[20..], (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(c[24..], (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)offset);
            stream.Write(c);
            stream.Write(name);
            _position += 46 + name.Length;
        }
        CheckSize(_position + 22);
        Span<byte> e = stackalloc byte[22];
        e.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)ZipSignature.End);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], (uint)(_position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(e[16..], (uint)directoryStart);
        stream.Write(e);
    }

    private void CheckSize(long size)
    {
        if (size >= uint.MaxValue || _records.Count >= ushort.MaxValue)
            throw new CheckpointException($"A .pth file of {size} bytes or {_records.Count + 1} records needs zip64, which this writer does not produce; save the networks to separate files or as .safetensors.");
    }
}

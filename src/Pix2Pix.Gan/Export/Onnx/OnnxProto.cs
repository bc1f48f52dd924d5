using System.Buffers.Binary;
using Google.Protobuf;

namespace Pix2Pix.Gan.Export.Onnx;

/// <summary>Where a message's fields go: a counter (to size a nested message) or the output stream.</summary>
internal interface IProtoSink
{
    void Int64(int field, long value);

    void Float(int field, float value);

    void String(int field, string value);

    void Bytes(int field, ByteString value);

    void Message(int field, ProtoMessage value);
}

/// <summary>
/// A protobuf message of <c>onnx_subset.proto</c> written by hand: each message lists its fields once, in
/// <see cref="WriteFields"/>, and that one list both sizes the message (nested messages are length-prefixed) and
/// writes it, so size and bytes cannot disagree.
/// </summary>
internal abstract class ProtoMessage
{
    private int _size = -1;

    /// <summary>The encoded size in bytes (computed once: messages are not changed after they are written).</summary>
    public int Size
    {
        get
        {
            if (_size < 0)
            {
                var counter = new SizeSink();
                WriteFields(counter);
                _size = checked((int)counter.Total);
            }
            return _size;
        }
    }

    protected abstract void WriteFields(IProtoSink sink);

    public void WriteTo(Stream stream)
    {
        if ((long)Size > int.MaxValue - 1024)
            throw new InvalidOperationException("The ONNX model would exceed protobuf's 2 GB limit; export a smaller network (a lower --ngf).");
        using var output = new CodedOutputStream(stream, leaveOpen: true);
        WriteFields(new StreamSink(output));
        output.Flush();
    }

    private sealed class SizeSink : IProtoSink
    {
        public long Total { get; private set; }

        public void Int64(int field, long value) => Total += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt64Size(value);

        public void Float(int field, float value) => Total += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeFloatSize(value);

        public void String(int field, string value) => Total += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeStringSize(value);

        public void Bytes(int field, ByteString value) => Total += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeBytesSize(value);

        public void Message(int field, ProtoMessage value) =>
            Total += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(value.Size) + value.Size;
    }

    private sealed class StreamSink(CodedOutputStream output) : IProtoSink
    {
        public void Int64(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void Float(int field, float value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed32);
            output.WriteFloat(value);
        }

        public void String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Bytes(int field, ByteString value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(value);
        }

        public void Message(int field, ProtoMessage value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(value.Size);
            value.WriteFields(this);
        }
    }
}

/// <summary>TensorProto.DataType values we write.</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
    Bool = 9,
}

internal sealed class ModelProto : ProtoMessage
{
    public required long IrVersion { get; init; }

    public required string ProducerName { get; init; }

    public required string ProducerVersion { get; init; }

    public string DocString { get; init; } = "";

    public required GraphProto Graph { get; init; }

    public required long Opset { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    protected override void WriteFields(IProtoSink sink)
    {
        sink.Int64(1, IrVersion);
        sink.String(2, ProducerName);
        sink.String(3, ProducerVersion);
        if (DocString.Length > 0)
            sink.String(6, DocString);
        sink.Message(7, Graph);
        sink.Message(8, new OperatorSetIdProto("", Opset));
        foreach (var (key, value) in Metadata)
            sink.Message(14, new StringStringEntryProto(key, value));
    }
}

internal sealed class OperatorSetIdProto(string domain, long version) : ProtoMessage
{
    protected override void WriteFields(IProtoSink sink)
    {
        if (domain.Length > 0)
            sink.String(1, domain);
        sink.Int64(2, version);
    }
}

internal sealed class StringStringEntryProto(string key, string value) : ProtoMessage
{
    protected override void WriteFields(IProtoSink sink)
    {
        sink.String(1, key);
        sink.String(2, value);
    }
}

internal sealed class GraphProto : ProtoMessage
{
    public required string Name { get; init; }

    public string DocString { get; init; } = "";

    public required IReadOnlyList<NodeProto> Nodes { get; init; }

    public required IReadOnlyList<TensorProto> Initializers { get; init; }

    public required IReadOnlyList<ValueInfoProto> Inputs { get; init; }

    public required IReadOnlyList<ValueInfoProto> Outputs { get; init; }

    protected override void WriteFields(IProtoSink sink)
    {
        foreach (var node in Nodes)
            sink.Message(1, node);
        sink.String(2, Name);
        foreach (var tensor in Initializers)
            sink.Message(5, tensor);
        if (DocString.Length > 0)
            sink.String(10, DocString);
        foreach (var input in Inputs)
            sink.Message(11, input);
        foreach (var output in Outputs)
            sink.Message(12, output);
    }
}

internal sealed class NodeProto : ProtoMessage
{
    public required string OpType { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>An array, not a read-only list: the graph's last node is renamed to produce "output" (before anything is sized).</summary>
    public required string[] Outputs { get; init; }

    public IReadOnlyList<AttributeProto> Attributes { get; init; } = [];

    protected override void WriteFields(IProtoSink sink)
    {
        foreach (string input in Inputs)
            sink.String(1, input);
        foreach (string output in Outputs)
            sink.String(2, output);
        sink.String(3, Name);
        sink.String(4, OpType);
        foreach (var attribute in Attributes)
            sink.Message(5, attribute);
    }
}

/// <summary>A node attribute: one float, int, string or list of ints (the kinds our operators need).</summary>
internal sealed class AttributeProto : ProtoMessage
{
    private const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeInts = 7;

    private readonly string _name;
    private readonly int _type;
    private readonly float _float;
    private readonly long _int;
    private readonly string _string;
    private readonly long[] _ints;

    private AttributeProto(string name, int type, float f = 0f, long i = 0, string s = "", long[]? ints = null)
    {
        (_name, _type, _float, _int, _string, _ints) = (name, type, f, i, s, ints ?? []);
    }

    public static AttributeProto Of(string name, float value) => new(name, TypeFloat, f: value);

    public static AttributeProto Of(string name, long value) => new(name, TypeInt, i: value);

    public static AttributeProto Of(string name, string value) => new(name, TypeString, s: value);

    public static AttributeProto Of(string name, params long[] values) => new(name, TypeInts, ints: values);

    protected override void WriteFields(IProtoSink sink)
    {
        sink.String(1, _name);
        switch (_type)
        {
            case TypeFloat: sink.Float(2, _float); break;
            case TypeInt: sink.Int64(3, _int); break;
            case TypeString: sink.Bytes(4, ByteString.CopyFromUtf8(_string)); break;
            default:
                foreach (long v in _ints)
                    sink.Int64(8, v);   // proto2 repeated int64 without [packed]: one tag per value, as onnx writes it
                break;
        }
        sink.Int64(20, _type);
    }
}

/// <summary>An initializer: dims, element type and little-endian raw bytes.</summary>
internal sealed class TensorProto : ProtoMessage
{
    private readonly ByteString _raw;

    private TensorProto(string name, OnnxDataType type, long[] dims, byte[] raw)
    {
        Name = name;
        DataType = type;
        Dims = dims;
        _raw = UnsafeByteOperations.UnsafeWrap(raw);   // the array is ours and never changed
    }

    public string Name { get; }

    public OnnxDataType DataType { get; }

    public IReadOnlyList<long> Dims { get; }

    public static TensorProto Floats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        return new TensorProto(name, OnnxDataType.Float, dims, raw);
    }

    public static TensorProto Int64s(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        return new TensorProto(name, OnnxDataType.Int64, dims, raw);
    }

    /// <summary>A 0-dimensional bool.</summary>
    public static TensorProto Bool(string name, bool value) => new(name, OnnxDataType.Bool, [], [value ? (byte)1 : (byte)0]);

    protected override void WriteFields(IProtoSink sink)
    {
        foreach (long d in Dims)
            sink.Int64(1, d);
        sink.Int64(2, (long)DataType);
        sink.String(8, Name);
        sink.Bytes(9, _raw);
    }
}

/// <summary>A graph input or output: a float32 tensor whose dimensions are fixed sizes or named dynamic ones.</summary>
internal sealed class ValueInfoProto(string name, IReadOnlyList<OnnxDim> dims) : ProtoMessage
{
    protected override void WriteFields(IProtoSink sink)
    {
        sink.String(1, name);
        sink.Message(2, new TypeProto(dims));
    }

    private sealed class TypeProto(IReadOnlyList<OnnxDim> dims) : ProtoMessage
    {
        protected override void WriteFields(IProtoSink sink) => sink.Message(1, new TensorType(dims));
    }

    private sealed class TensorType(IReadOnlyList<OnnxDim> dims) : ProtoMessage
    {
        protected override void WriteFields(IProtoSink sink)
        {
            sink.Int64(1, (long)OnnxDataType.Float);
            sink.Message(2, new Shape(dims));
        }
    }

    private sealed class Shape(IReadOnlyList<OnnxDim> dims) : ProtoMessage
    {
        protected override void WriteFields(IProtoSink sink)
        {
            foreach (var dim in dims)
                sink.Message(1, new Dimension(dim));
        }
    }

    private sealed class Dimension(OnnxDim dim) : ProtoMessage
    {
        protected override void WriteFields(IProtoSink sink)
        {
            if (dim.Param is { } param)
                sink.String(2, param);
            else
                sink.Int64(1, dim.Value);
        }
    }
}

/// <summary>One dimension of a graph input or output: a fixed size, or a named dynamic one ("batch").</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Dynamic(string param) => new(0, param);
}

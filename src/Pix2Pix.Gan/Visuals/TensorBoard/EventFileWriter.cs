using System.Buffers.Binary;
using System.Globalization;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Visuals.TensorBoard;

/// <summary>
/// A TensorBoard event file, <c>events.out.tfevents.&lt;unix time&gt;.&lt;host&gt;</c>: a sequence of records (TensorFlow's
/// <c>record_writer.cc</c>: uint64 length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data, all
/// little-endian), each holding one serialized <c>Event</c>. The first says <c>file_version: "brain.Event:2"</c>; the
/// others carry a <c>Summary</c> of scalars, PNG images or text. Field numbers are those of TensorFlow's public
/// <c>event.proto</c>, <c>summary.proto</c>, <c>tensor.proto</c> and <c>tensor_shape.proto</c>.
/// </summary>
/// <remarks>
/// Each process writes its own file, as TensorFlow's writers do; TensorBoard merges every file of a folder by step, so a
/// run continued with <c>--continue_train</c> reads as one. <see cref="Flush"/> hands the bytes to the operating system,
/// so a crashed process loses nothing written before its last flush.
/// </remarks>
internal sealed class EventFileWriter : IDisposable
{
    public const string FileVersion = "brain.Event:2";

    // event.proto: Event
    private const int EventWallTime = 1, EventStep = 2, EventFileVersion = 3, EventSummary = 5;
    // summary.proto: Summary, Summary.Value, Summary.Image, SummaryMetadata, SummaryMetadata.PluginData
    private const int SummaryValue = 1;
    private const int ValueTag = 1, ValueSimpleValue = 2, ValueImage = 4, ValueTensor = 8, ValueMetadata = 9;
    private const int ImageHeight = 1, ImageWidth = 2, ImageColorspace = 3, ImageEncoded = 4;
    private const int MetadataPluginData = 1, MetadataDataClass = 4, PluginName = 1;
    private const int DataClassTensor = 2;
    // tensor.proto: TensorProto; tensor_shape.proto: TensorShapeProto, its Dim; types.proto: DT_STRING
    private const int TensorDtype = 1, TensorShape = 2, TensorStringVal = 8, ShapeDim = 2, DimSize = 1;
    private const int DtString = 7;

    private readonly FileStream _stream;

    private EventFileWriter(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
        WriteEvent(0, e => e.String(EventFileVersion, FileVersion));
        Flush();
    }

    public string Path { get; }

    /// <summary>Opens a new event file in <paramref name="folder"/> (created if missing); never appends to another process's file.</summary>
    public static EventFileWriter Create(string folder)
    {
        Directory.CreateDirectory(folder);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string name = string.Create(CultureInfo.InvariantCulture, $"events.out.tfevents.{now:D10}.{HostName()}");
        string path = System.IO.Path.Combine(folder, name);
        // A run restarted within the same second finds its predecessor's file: add the process id (as TensorFlow's Python
        // writers always do) and, for a restart inside one process, a counter.
        string candidate = path;
        for (int n = 0; ; n++)
        {
            try
            {
                var stream = new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                return new EventFileWriter(stream, candidate);
            }
            catch (IOException) when (File.Exists(candidate) && n < 100)
            {
                candidate = path + string.Create(CultureInfo.InvariantCulture, $".{Environment.ProcessId}.{n}");
            }
        }
    }

    /// <summary>One point at <paramref name="step"/> of each curve named in <paramref name="values"/> (the classic <c>simple_value</c> form).</summary>
    public void AddScalars(long step, IEnumerable<KeyValuePair<string, float>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        WriteSummary(step, summary =>
        {
            foreach (var (tag, value) in values)
            {
                var v = new ProtoWriter();
                v.String(ValueTag, tag);
                v.Float(ValueSimpleValue, value);
                summary.Message(SummaryValue, v);
            }
        });
    }

    /// <summary>An image under <paramref name="tag"/>, PNG-encoded by our encoder.</summary>
    public void AddImage(string tag, long step, Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var img = new ProtoWriter();
        img.Int64(ImageHeight, image.Height);
        img.Int64(ImageWidth, image.Width);
        img.Int64(ImageColorspace, image.Channels);   // 1 gray, 3 RGB, 4 RGBA: the same numbers as summary.proto's
        img.Bytes(ImageEncoded, ImageCodecs.EncodePng(image));
        WriteSummary(step, summary =>
        {
            var v = new ProtoWriter();
            v.String(ValueTag, tag);
            v.Message(ValueImage, img);
            summary.Message(SummaryValue, v);
        });
    }

    /// <summary>
    /// Markdown text under <paramref name="tag"/>, in the form TensorBoard's text plugin reads: a string tensor of shape
    /// [1] whose metadata names the plugin "text" (its content, a <c>TextPluginData</c> of version 0, is empty bytes).
    /// </summary>
    public void AddText(string tag, long step, string markdown)
    {
        var dim = new ProtoWriter();
        dim.Int64(DimSize, 1);
        var shape = new ProtoWriter();
        shape.Message(ShapeDim, dim);
        var tensor = new ProtoWriter();
        tensor.Int64(TensorDtype, DtString);
        tensor.Message(TensorShape, shape);
        tensor.String(TensorStringVal, markdown);
        var plugin = new ProtoWriter();
        plugin.String(PluginName, "text");
        var metadata = new ProtoWriter();
        metadata.Message(MetadataPluginData, plugin);
        metadata.Int64(MetadataDataClass, DataClassTensor);
        WriteSummary(step, summary =>
        {
            var v = new ProtoWriter();
            v.String(ValueTag, tag);
            v.Message(ValueMetadata, metadata);
            v.Message(ValueTensor, tensor);
            summary.Message(SummaryValue, v);
        });
    }

    /// <summary>Hands what was written to the operating system (a crash of this process then loses none of it).</summary>
    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    private void WriteSummary(long step, Action<ProtoWriter> values) => WriteEvent(step, e =>
    {
        var summary = new ProtoWriter();
        values(summary);
        e.Message(EventSummary, summary);
    });

    private void WriteEvent(long step, Action<ProtoWriter> what)
    {
        var e = new ProtoWriter();
        e.Double(EventWallTime, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        e.Int64(EventStep, step);
        what(e);
        WriteRecord(e.ToArray());
    }

    private void WriteRecord(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
    }

    /// <summary>The machine's name as a file-name part (TensorFlow uses the host name as it is; ours drops path characters).</summary>
    private static string HostName()
    {
        string host = Environment.MachineName;
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        string safe = new(host.Select(c => invalid.Contains(c) || c == ' ' ? '_' : c).ToArray());
        return safe.Length == 0 ? "localhost" : safe;
    }
}

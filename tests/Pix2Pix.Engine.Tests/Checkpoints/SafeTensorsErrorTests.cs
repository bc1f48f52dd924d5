using System.Buffers.Binary;
using System.Text;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

public sealed class SafeTensorsErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_shorter_than_the_length_field_is_reported_as_truncated()
    {
        string path = Bytes("short.safetensors", [1, 2, 3]);
        AssertFails(path, "truncated");
    }

    [Fact]
    public void A_header_length_above_100_MB_is_refused()
    {
        string path = Bytes("huge.safetensors", [.. LengthField(200_000_000), .. "{}      "u8.ToArray()]);
        AssertFails(path, "limit");
    }

    [Fact]
    public void A_header_length_larger_than_the_file_is_reported_as_truncated()
    {
        string path = Bytes("cut.safetensors", [.. LengthField(64), .. "{}      "u8.ToArray()]);
        AssertFails(path, "truncated");
    }

    [Theory]
    [InlineData("{\"a\": {\"dtype\": \"F32\", ")]
    [InlineData("not json")]
    public void Malformed_json_is_reported(string header) => AssertFails(File("bad.safetensors", header, 0), "malformed JSON");

    [Fact]
    public void A_header_that_is_not_an_object_is_reported() => AssertFails(File("array.safetensors", "[1, 2]", 0), "not an object");

    [Fact]
    public void An_unknown_dtype_is_named_with_the_supported_ones() =>
        AssertFails(File("u8.safetensors", Entry("x", "U8", "[4]", 0, 4), 4), "'U8'", "F32, F64, F16, BF16, I64, I32");

    [Fact]
    public void Offsets_beyond_the_data_section_are_reported() =>
        AssertFails(File("range.safetensors", Entry("x", "F32", "[4]", 0, 16), 8), "'x'", "out of range");

    [Fact]
    public void A_file_cut_inside_the_tensor_data_is_reported()
    {
        var dict = new StateDict();
        dict.Add("w", new Tensor(new float[100], 100));
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, dict);
        string path = Bytes("cut-data.safetensors", stream.ToArray()[..^10]);
        AssertFails(path, "'w'", "truncated");
    }

    [Fact]
    public void Overlapping_tensors_are_reported() =>
        AssertFails(File("overlap.safetensors", Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12), 12), "overlapping", "'b'", "'a'");

    [Fact]
    public void A_gap_between_tensors_is_reported() =>
        AssertFails(File("gap.safetensors", Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12), 12), "gap of 4", "'b'");

    [Fact]
    public void Bytes_after_the_last_tensor_are_reported() =>
        AssertFails(File("tail.safetensors", Entry("a", "F32", "[1]", 0, 4), 12), "8 bytes after its last tensor");

    [Fact]
    public void A_shape_that_does_not_match_the_byte_length_is_reported() =>
        AssertFails(File("size.safetensors", Entry("a", "F32", "[3]", 0, 8), 8), "'a'", "shape [3]", "12 bytes", "span 8 bytes");

    [Fact]
    public void Duplicate_names_are_reported() =>
        AssertFails(File("dup.safetensors", Entry("a", "F32", "[1]", 0, 4) + "," + Entry("a", "F32", "[1]", 4, 8), 8), "'a' twice");

    [Fact]
    public void Non_string_metadata_is_reported() =>
        AssertFails(File("meta.safetensors", "\"__metadata__\": {\"epoch\": 3}", 0, wrap: true), "'epoch'", "must be strings");

    [Fact]
    public void A_negative_or_fractional_shape_is_reported() =>
        AssertFails(File("neg.safetensors", Entry("a", "F32", "[-1]", 0, 0), 0), "'a'", "non-negative integer");

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        string path = _folder.File("absent.safetensors");
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_named_like_the_metadata_key_cannot_be_written()
    {
        var dict = new StateDict();
        dict.Add("__metadata__", new Tensor([1f], 1));
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(_folder.File("x.safetensors"), dict));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static byte[] LengthField(ulong n)
    {
        byte[] b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, n);
        return b;
    }

    /// <summary>A file with the given header (wrapped in braces unless it is a whole document) and zeroed data.</summary>
    private string File(string name, string header, int dataBytes, bool wrap = true)
    {
        if (wrap && !header.StartsWith('[') && header != "not json")
            header = "{" + header + "}";
        byte[] h = Encoding.UTF8.GetBytes(header);
        return Bytes(name, [.. LengthField((ulong)h.Length), .. h, .. new byte[dataBytes]]);
    }

    private string Bytes(string name, byte[] content)
    {
        string path = _folder.File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertFails(string path, params string[] fragments)
    {
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }
}

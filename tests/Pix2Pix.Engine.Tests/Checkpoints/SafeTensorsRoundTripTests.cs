using System.Buffers.Binary;
using System.Text;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

public class SafeTensorsRoundTripTests
{
    [Fact]
    public void Float_int64_scalar_empty_tensors_and_metadata_survive_a_file_round_trip_in_order()
    {
        using var folder = new TempFolder();
        var dict = new StateDict();
        dict.Add("model.1.weight", new Tensor(Enumerable.Range(0, 24).Select(i => i * 0.37f - 3f).ToArray(), 2, 3, 4));
        dict.Add("model.2.num_batches_tracked", new Int64Tensor([long.MaxValue - 3]));
        dict.Add("a.scalar", new Tensor([float.NegativeInfinity]));
        dict.Add("empty", new Tensor([], 0, 5));
        dict.Add("nan", new Tensor([float.NaN, -0f, float.Epsilon], 3));
        dict.Add("ints", new Int64Tensor([-1, 0, 1 << 40], 3));
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\" + <tags>", ["epoch"] = "12" };
        string path = folder.File("net.safetensors");

        SafeTensors.Write(path, dict, metadata);
        (StateDict back, IReadOnlyDictionary<string, string> meta) = SafeTensors.Read(path);

        Assert.Equal(dict.Names, back.Names);
        foreach (string name in dict.Names)
        {
            Assert.Equal(dict.ShapeOf(name), back.ShapeOf(name));
            if (dict.TryGetFloat(name, out Tensor f))
            {
                Assert.True(back.TryGetFloat(name, out Tensor g));
                Assert.Equal(f.Data.Select(BitConverter.SingleToInt32Bits), g.Data.Select(BitConverter.SingleToInt32Bits));
            }
            else
            {
                Assert.True(dict.TryGetInt64(name, out Int64Tensor i));
                Assert.True(back.TryGetInt64(name, out Int64Tensor j));
                Assert.Equal(i.Data, j.Data);
            }
        }
        Assert.Equal(metadata.OrderBy(kv => kv.Key), meta.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Header_is_padded_with_spaces_to_a_multiple_of_eight_and_offsets_are_contiguous()
    {
        var dict = new StateDict();
        for (int i = 0; i < 200; i++)
            dict.Add($"layer.{i}.weight", new Tensor(Enumerable.Repeat((float)i, i % 7).ToArray(), i % 7));
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, dict);
        byte[] bytes = stream.ToArray();
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"layer.0.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}", header, StringComparison.Ordinal);
        Assert.EndsWith("}", header.TrimEnd(' '), StringComparison.Ordinal);
        Assert.InRange(header.Length - header.TrimEnd(' ').Length, 0, 7);
        int dataBytes = dict.Names.Sum(name => 4 * dict.ShapeOf(name)[0]);
        Assert.Equal(8 + n + dataBytes, bytes.Length);

        stream.Position = 0;
        (StateDict back, IReadOnlyDictionary<string, string> meta) = SafeTensors.Read(stream);
        Assert.Equal(dict.Names, back.Names);
        Assert.Empty(meta);
        Assert.True(back.TryGetFloat("layer.199.weight", out Tensor last));
        Assert.Equal(Enumerable.Repeat(199f, 3), last.Data);
    }

    [Fact]
    public void Writer_reproduces_a_file_written_by_the_python_reference_writer_byte_for_byte()
    {
        string path = CheckpointTestFiles.Fixture("python_written_plain.safetensors");
        byte[] original = File.ReadAllBytes(path);
        (StateDict tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(path);
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors, metadata);
        Assert.Equal(original, stream.ToArray());
    }

    [Fact]
    public void A_torch_written_file_with_half_bfloat16_and_double_tensors_reads_as_float32()
    {
        (StateDict tensors, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(CheckpointTestFiles.Fixture("python_written.safetensors"));
        Assert.Equal(["zeta.weight", "alpha.num_batches_tracked", "scalar", "empty", "counts", "half", "brain", "double"], tensors.Names);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("3", metadata["epoch"]);
        AssertFloats(tensors, "zeta.weight", [2, 3], Values(6, 5));
        Assert.True(tensors.TryGetInt64("alpha.num_batches_tracked", out Int64Tensor counter));
        Assert.Empty(counter.Shape);
        Assert.Equal([42L], counter.Data);
        AssertFloats(tensors, "scalar", [], [-2.5f]);
        AssertFloats(tensors, "empty", [0, 3], []);
        Assert.True(tensors.TryGetInt64("counts", out Int64Tensor counts));
        Assert.Equal([-(1L << 40), 0, 7], counts.Data);
        AssertFloats(tensors, "half", [5], Values(5, 7));
        AssertFloats(tensors, "brain", [5], Values(5, 11));
        AssertFloats(tensors, "double", [4], Values(4, 13));
    }

    /// <summary>The script's values(): (k·seed mod 97 − 48) / 16, exact in every float format used.</summary>
    private static float[] Values(int count, int seed) => Enumerable.Range(0, count).Select(k => ((k * seed % 97) - 48) / 16f).ToArray();

    private static void AssertFloats(StateDict tensors, string name, int[] shape, float[] expected)
    {
        Assert.True(tensors.TryGetFloat(name, out Tensor t), $"missing float tensor {name}");
        Assert.Equal(shape, t.Shape.ToArray());
        Assert.Equal(expected, t.Data);
    }
}

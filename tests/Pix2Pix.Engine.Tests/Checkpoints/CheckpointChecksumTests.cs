using System.Buffers.Binary;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

public class CheckpointChecksumTests
{
    private static StateDict Sample()
    {
        var dict = new StateDict();
        dict.Add("model.0.weight", Tensor.Uniform(new Rng(1), -1f, 1f, 4, 3, 3, 3));
        dict.Add("model.0.bias", Tensor.Uniform(new Rng(2), -1f, 1f, 4));
        dict.Add("model.1.num_batches_tracked", new Int64Tensor([12L]));
        dict.Add("model.2.weight", Tensor.Uniform(new Rng(3), -1f, 1f, 2, 4));
        return dict;
    }

    /// <summary>The file offset of the first data byte (after the 8-byte length and the JSON header).</summary>
    private static long DataStart(byte[] file) => 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(file);

    [Fact]
    public void A_flipped_bit_inside_a_tensor_fails_the_load_naming_the_file_and_the_tensor()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("latest_net_G.safetensors");
        Checkpoint.Save(path, Sample(), new Dictionary<string, string> { ["epoch"] = "3" });
        byte[] bytes = File.ReadAllBytes(path);
        // model.0.weight is 432 bytes, model.0.bias 16 bytes; the int64 counter follows at data byte 448.
        long at = DataStart(bytes) + 432 + 5;
        bytes[at] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("tensor 'model.0.bias'", ex.Message);
        Assert.Contains($"file bytes {DataStart(bytes) + 432} to {DataStart(bytes) + 448}", ex.Message);
        Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(path, Sample()));
    }

    [Fact]
    public void Every_tensor_kind_is_covered_by_the_checksum()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("state.safetensors");
        Checkpoint.Save(path, Sample());
        byte[] good = File.ReadAllBytes(path);
        long start = DataStart(good);
        foreach ((long offset, string name) in new[] { (0L, "model.0.weight"), (447L, "model.0.bias"), (450L, "model.1.num_batches_tracked"), (460L, "model.2.weight") })
        {
            byte[] bad = (byte[])good.Clone();
            bad[start + offset] ^= 0x01;
            File.WriteAllBytes(path, bad);
            var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Read(path));
            Assert.Contains($"tensor '{name}'", ex.Message);
        }
    }

    [Fact]
    public void Our_files_round_trip_with_the_checksum_hidden_from_the_metadata()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("a.safetensors");
        Checkpoint.Save(path, Sample(), new Dictionary<string, string> { ["epoch"] = "3" });
        Assert.Contains(SafeTensors.ChecksumKey, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);

        (StateDict back, IReadOnlyDictionary<string, string> meta) = Checkpoint.Read(path);
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "3" }, meta);
        Assert.Equal(Sample().Names, back.Names);
        string again = tmp.File("b.safetensors");
        Checkpoint.Save(again, back, meta);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void Files_without_a_checksum_still_load_and_stale_checksums_are_not_copied()
    {
        using var tmp = new TempFolder();
        string plain = tmp.File("plain.safetensors");
        SafeTensors.Write(plain, Sample());
        Assert.DoesNotContain(SafeTensors.ChecksumKey, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(plain)), StringComparison.Ordinal);
        Checkpoint.LoadInto(plain, Sample());

        // Metadata carrying another file's checksums, written without asking for one: the stale entry is dropped.
        var meta = new Dictionary<string, string> { [SafeTensors.ChecksumKey] = "xxh64 0000000000000000", ["epoch"] = "1" };
        SafeTensors.Write(plain, Sample(), meta);
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "1" }, Checkpoint.Read(plain).Metadata);
    }

    [Fact]
    public void A_damaged_checksum_entry_is_reported_as_a_damaged_header()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("c.safetensors");
        var one = new StateDict();
        one.Add("w", Tensor.FromArray([1f, 2f], 2));
        // Our writer never writes a wrong count, so the header is written by hand.
        using (var stream = File.Create(path))
            WriteWithRawMetadata(stream, one, "xxh64 12 34");
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Read(path));
        Assert.Contains("2 data checksums for 1 tensors", ex.Message);
    }

    [Fact]
    public void Weights_with_NaN_or_Inf_are_refused_naming_the_file_and_the_tensor()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("diverged.safetensors");
        var bad = Sample();
        Assert.True(bad.TryGetFloat("model.2.weight", out Tensor w));
        w.Data[3] = float.NegativeInfinity;
        Checkpoint.Save(path, bad);

        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(path, Sample()));
        Assert.Contains(path, ex.Message);
        Assert.Contains("'model.2.weight' has 1 non-finite value (the first, at index 3, is -Inf)", ex.Message);
        Assert.Contains("--lr", ex.Message);
    }

    private static void WriteWithRawMetadata(Stream stream, StateDict tensors, string checksums)
    {
        string json = $"{{\"__metadata__\":{{\"{SafeTensors.ChecksumKey}\":\"{checksums}\"}},\"w\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}}}";
        json = json.PadRight((json.Length + 7) / 8 * 8);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        stream.Write(length);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.True(tensors.TryGetFloat("w", out Tensor w));
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.Data.AsSpan()));
    }
}

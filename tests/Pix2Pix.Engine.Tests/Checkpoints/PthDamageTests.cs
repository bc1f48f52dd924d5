using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

/// <summary>
/// Damaged, truncated and hostile .pth files: each must end in a <see cref="CheckpointException"/> (or, for a harmless
/// mutation, a successful read) — never another exception type, a hang or a huge allocation.
/// </summary>
public class PthDamageTests
{
    private static readonly string[] Sources = ["small_zip.pth", "small_legacy.pth", "views_zip.pth", "storage_view_legacy.pth", "small_float16.pth"];

    [Fact]
    public void Every_truncation_of_a_checkpoint_is_refused_as_truncated_or_damaged()
    {
        foreach (string source in Sources)
        {
            byte[] whole = File.ReadAllBytes(CheckpointTestFiles.Pth(source));
            for (int length = 0; length < whole.Length; length++)
            {
                var ex = Record.Exception(() => PthFile.Read(new MemoryStream(whole, 0, length), $"{source}[..{length}]"));
                Assert.True(ex is CheckpointException, $"{source} cut to {length} bytes: expected a CheckpointException, got {ex?.GetType().Name ?? "a successful read"}: {ex?.Message}");
            }
        }
    }

    [Fact]
    public void Thousands_of_mutated_checkpoints_raise_only_the_documented_exception()
    {
        var random = new Random(20261203);
        int refused = 0;
        const int Mutants = 5000;
        for (int m = 0; m < Mutants; m++)
        {
            byte[] bytes = File.ReadAllBytes(CheckpointTestFiles.Pth(Sources[m % Sources.Length]));
            int changes = 1 + random.Next(6);
            for (int c = 0; c < changes; c++)
            {
                int at = random.Next(bytes.Length);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    _ => (byte)(random.Next(2) == 0 ? 0 : 0xFF),
                };
            }
            var ex = Record.Exception(() => PthFile.Read(new MemoryStream(bytes), $"mutant {m}"));
            Assert.True(ex is null or CheckpointException, $"mutant {m} of {Sources[m % Sources.Length]}: {ex?.GetType().Name}: {ex?.Message}\n{ex?.StackTrace}");
            refused += ex is null ? 0 : 1;
        }
        Assert.True(refused > Mutants / 4, $"only {refused} of {Mutants} mutants were refused: the checks are too lax");
    }

    [Fact]
    public void A_pickle_that_inflates_beyond_the_limit_is_refused_before_inflating()
    {
        byte[] zip = Zip(("archive/data.pkl", new byte[100 << 20], CompressionLevel.Optimal));
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(zip), "bomb.pth"));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_that_inflates_past_its_declared_size_is_refused()
    {
        byte[] zip = Zip(("archive/data.pkl", new byte[1 << 20], CompressionLevel.Optimal));
        // declare 100 bytes in the central directory: the inflater must stop there, not fill memory
        int central = FindCentral(zip, "archive/data.pkl");
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), 100);
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(zip), "bomb.pth"));
        Assert.Contains("inflates past its declared 100 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_and_cyclic_pickles_are_refused_without_recursion()
    {
        // 200,000 nested lists: ] ] ] … a a a … .
        const int Depth = 200_000;
        byte[] deep = [0x80, 2, .. Enumerable.Repeat((byte)']', Depth), .. Enumerable.Repeat((byte)'a', Depth - 1), (byte)'.'];
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(Zip(("archive/data.pkl", deep, CompressionLevel.NoCompression))), "deep.pth"));
        Assert.Contains("holds a list of 1, not a state dict", ex.Message, StringComparison.Ordinal);

        // a list that contains itself: ] q0 h0 a .
        byte[] cyclic = [0x80, 2, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.'];
        ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(Zip(("archive/data.pkl", cyclic, CompressionLevel.NoCompression))), "cyclic.pth"));
        Assert.Contains("holds a list of 1, not a state dict", ex.Message, StringComparison.Ordinal);

        // a million open groups and nothing else
        byte[] marks = [0x80, 2, .. Enumerable.Repeat((byte)'(', 1_000_000), (byte)'.'];
        ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(Zip(("archive/data.pkl", marks, CompressionLevel.NoCompression))), "marks.pth"));
        Assert.Contains("ends its pickle with 0 values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_header_pickle_that_names_a_storage_is_refused_naming_the_file()
    {
        // PROTO 2, an empty tuple as persistent id (BINPERSID), STOP: storages belong only in the state dict pickle
        byte[] bytes = [0x80, 2, (byte)'(', (byte)'t', (byte)'Q', (byte)'.'];
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(bytes), "header.pth"));
        Assert.Contains("Checkpoint 'header.pth' refers to a tensor storage outside its state dict pickle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_whose_declared_size_disagrees_with_its_record_is_refused()
    {
        // small_zip.pth's first storage (4·3·3·3 = 108 floats, pickled as BININT1 108) claims 255 elements: its record holds 432 bytes
        using var source = new ZipArchive(File.OpenRead(CheckpointTestFiles.Pth("small_zip.pth")));
        var entries = source.Entries.Select(e => (e.FullName, Read(e), CompressionLevel.NoCompression)).ToArray();
        int pkl = Array.FindIndex(entries, e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal));
        byte[] pickle = entries[pkl].Item2;
        int at = IndexOf(pickle, Encoding.ASCII.GetBytes("cpu")) + 3; // the element count follows the location…
        if (pickle[at] == (byte)'q')
            at += 2; // …and the location's memo entry (BINPUT n)
        Assert.Equal([(byte)'K', (byte)108], pickle[at..(at + 2)]);
        pickle[at + 1] = 255;
        byte[] zip = Zip(entries);
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(new MemoryStream(zip), "sizes.pth"));
        Assert.Contains("declares 255 elements", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Data, CompressionLevel Level)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data, CompressionLevel level) in entries)
            {
                using Stream s = zip.CreateEntry(name, level).Open();
                s.Write(data);
            }
        }
        return buffer.ToArray();
    }

    private static int FindCentral(byte[] zip, string name)
    {
        byte[] signature = [0x50, 0x4b, 0x01, 0x02];
        for (int at = 0; at + 46 < zip.Length; at++)
        {
            if (zip.AsSpan(at, 4).SequenceEqual(signature) && Encoding.ASCII.GetString(zip, at + 46, name.Length) == name)
                return at;
        }
        throw new InvalidOperationException($"No central directory entry '{name}'.");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}

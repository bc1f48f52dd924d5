using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

/// <summary>
/// Our .pth writer: what it writes reads back exactly, and its bytes are those of the committed
/// Fixtures/pth/ours_written.pth, which `tools/make_pth_reference.py --check` loads with PyTorch's
/// torch.load(weights_only=True) and compares tensor by tensor.
/// </summary>
public class PthWriterTests
{
    private const string Renew = "PIX2PIX_RENEW_PTH_FIXTURE";

    /// <summary>small_zip.pth's tensors, then a 0-d float, an empty tensor and an int64 vector (as the script's check expects).</summary>
    private static StateDict Sample()
    {
        StateDict sample = SafeTensors.Read(CheckpointTestFiles.Pth("small_zip.expected.safetensors")).Tensors;
        sample.Add("scalar", new Tensor([0.5f]));
        sample.Add("empty", Tensor.Zeros(0, 3));
        sample.Add("counts", new Int64Tensor([7, -1], 2));
        return sample;
    }

    [Fact]
    public void What_we_write_reads_back_exactly()
    {
        using var temp = new TempFolder();
        string path = temp.File("net.pth");
        StateDict sample = Sample();
        PthFile.Write(path, sample);
        PthReaderTests.AssertSame(sample, PthFile.Read(path));
        PthReaderTests.AssertSame(sample, Checkpoint.Read(path).Tensors);
    }

    [Fact]
    public void Our_bytes_are_the_committed_file_that_PyTorch_loads_with_weights_only()
    {
        using var written = new MemoryStream();
        PthFile.Write(written, Sample());
        string committed = Path.Combine(Path.GetDirectoryName(CheckpointTestFiles.Pth("small_zip.pth"))!, "ours_written.pth");
        if (Environment.GetEnvironmentVariable(Renew) == "1")
            File.WriteAllBytes(committed, written.ToArray());
        Assert.True(File.Exists(committed), $"'{committed}' is missing: run the tests with {Renew}=1, then /usr/bin/python3 tools/make_pth_reference.py --check {committed}.");
        Assert.Equal(File.ReadAllBytes(committed), written.ToArray());
    }

    [Fact]
    public void Records_start_on_64_byte_boundaries_so_PyTorch_can_memory_map_them()
    {
        using var written = new MemoryStream();
        PthFile.Write(written, Sample());
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(written.ToArray()));
        Assert.Equal(["archive/data.pkl", "archive/byteorder"], zip.Entries.Take(2).Select(e => e.FullName));
        Assert.Equal("archive/version", zip.Entries[^1].FullName);
        byte[] bytes = written.ToArray();
        int records = 0;
        for (int at = 0; at + 30 < bytes.Length; at++)
        {
            if (bytes[at] != 'P' || bytes[at + 1] != 'K' || bytes[at + 2] != 3 || bytes[at + 3] != 4)
                continue;
            int data = at + 30 + BitConverter.ToUInt16(bytes, at + 26) + BitConverter.ToUInt16(bytes, at + 28);
            Assert.Equal(0, data % 64);
            records++;
        }
        Assert.Equal(zip.Entries.Count, records);
    }
}

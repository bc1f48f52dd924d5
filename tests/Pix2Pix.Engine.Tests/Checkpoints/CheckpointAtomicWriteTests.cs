using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

public sealed class CheckpointAtomicWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Saving_leaves_only_the_target_file_and_replaces_an_existing_one()
    {
        string path = _folder.File("latest_net_G.safetensors");
        Checkpoint.Save(path, One(1f));
        Checkpoint.Save(path, One(2f));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
        Assert.True(SafeTensors.Read(path).Tensors.TryGetFloat("w", out Tensor w));
        Assert.Equal([2f], w.Data);
    }

    [Fact]
    public void A_write_that_fails_midway_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        string path = _folder.File("latest_net_G.safetensors");
        Checkpoint.Save(path, One(1f));
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new InvalidOperationException("simulated failure while serialising");
        }));

        Assert.Equal("simulated failure while serialising", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void An_io_failure_becomes_a_checkpoint_exception_naming_the_file_and_leaves_no_temporary_file()
    {
        // The target is a folder, so the final rename fails after the data was written.
        string path = _folder.File("occupied");
        Directory.CreateDirectory(path);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Save(path, One(1f)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("unchanged", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Saving_into_a_missing_folder_says_to_create_it()
    {
        string path = Path.Combine(_folder.Path, "no-such-folder", "net.safetensors");
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Save(path, One(1f)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("create it first", e.Message, StringComparison.Ordinal);
    }

    private static StateDict One(float value)
    {
        var dict = new StateDict();
        dict.Add("w", new Tensor([value], 1));
        return dict;
    }
}

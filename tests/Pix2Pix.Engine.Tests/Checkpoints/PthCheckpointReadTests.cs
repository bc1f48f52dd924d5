using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Checkpoints.Torch;

namespace Pix2Pix.Engine.Tests.Checkpoints;

/// <summary>
/// <c>PthReader.ReadCheckpoint</c>, the reader of whole-model checkpoints (pytorch_GAN_zoo's): nested state dicts are
/// read, and it refuses what the plain reader refuses — a pickled model class, a foreign function — by name.
/// </summary>
public class PthCheckpointReadTests
{
    private static TorchCheckpoint Read(string name)
    {
        string path = CheckpointTestFiles.Pth(name);
        using var stream = File.OpenRead(path);
        return PthReader.ReadCheckpoint(stream, Path.GetFullPath(path));
    }

    [Fact]
    public void A_dict_of_state_dicts_gives_each_as_a_state_dict()
    {
        var checkpoint = Read("nested.pth");
        Assert.Contains("netG", checkpoint.StateDicts.Keys);
        Assert.True(checkpoint.StateDicts["netG"].Count > 0);
    }

    [Theory]
    [InlineData("whole_model.pth", "class '__main__.Small'")]
    [InlineData("whole_model_legacy.pth", "class '__main__.Small'")]
    [InlineData("foreign_global.pth", "'posix.system'")]
    [InlineData("foreign_global_legacy.pth", "'posix.system'")]
    public void Classes_and_functions_stay_refused(string name, string what)
    {
        var ex = Assert.Throws<CheckpointException>(() => Read(name));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }
}

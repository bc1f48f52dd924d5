using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

/// <summary>
/// Reading files written by PyTorch 1.13's torch.save (tools/make_pth_reference.py): every readable fixture must give
/// exactly the tensors of its safetensors twin; every file that is not a plain state dict must be refused by name.
/// </summary>
public class PthReaderTests
{
    public static TheoryData<string> Readable() =>
    [
        "small_zip.pth", "small_legacy.pth", "small_module_prefix.pth", "small_float16.pth", "small_float16_legacy.pth",
        "small_bfloat16.pth", "small_float64.pth", "views_zip.pth", "views_legacy.pth", "storage_view_legacy.pth",
        "old_instance_norm.pth",
    ];

    [Theory]
    [MemberData(nameof(Readable))]
    public void A_torch_saved_state_dict_reads_exactly_as_its_safetensors_twin(string name)
    {
        StateDict actual = PthFile.Read(CheckpointTestFiles.Pth(name));
        StateDict expected = SafeTensors.Read(CheckpointTestFiles.Pth(name.Replace(".pth", ".expected.safetensors", StringComparison.Ordinal))).Tensors;
        AssertSame(expected, actual);
    }

    [Fact]
    public void Checkpoint_Read_tells_the_formats_apart_by_content()
    {
        using var temp = new TempFolder();
        string disguised = temp.File("weights.safetensors");
        File.Copy(CheckpointTestFiles.Pth("small_legacy.pth"), disguised);
        AssertSame(SafeTensors.Read(CheckpointTestFiles.Pth("small_legacy.expected.safetensors")).Tensors, Checkpoint.Read(disguised).Tensors);
        var twin = Checkpoint.Read(CheckpointTestFiles.Pth("small_zip.expected.safetensors"));
        Assert.Equal(9, twin.Tensors.Count);
    }

    [Fact]
    public void LoadInto_drops_the_running_statistics_of_an_InstanceNorm_saved_by_old_PyTorch()
    {
        // Conv2d(3, 4, 3) then InstanceNorm2d(4) without affine parameters or running statistics: only the conv has tensors
        var target = new StateDict();
        target.Add("0.weight", Tensor.Zeros(4, 3, 3, 3));
        target.Add("0.bias", Tensor.Zeros(4));
        Checkpoint.LoadInto(CheckpointTestFiles.Pth("old_instance_norm.pth"), target);
        StateDict expected = SafeTensors.Read(CheckpointTestFiles.Pth("old_instance_norm.expected.safetensors")).Tensors;
        expected.TryGetFloat("0.weight", out Tensor weight);
        target.TryGetFloat("0.weight", out Tensor loaded);
        Assert.Equal(weight.Data, loaded.Data);
    }

    [Fact]
    public void LoadInto_still_refuses_a_batch_norm_layer_the_network_does_not_have()
    {
        var target = new StateDict();
        foreach (string name in new[] { "model.0.weight", "model.0.bias", "model.3.weight", "model.3.bias" })
        {
            StateDict file = PthFile.Read(CheckpointTestFiles.Pth("small_zip.pth"));
            target.Add(name, Tensor.Zeros(file.ShapeOf(name)));
        }
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(CheckpointTestFiles.Pth("small_zip.pth"), target));
        Assert.Contains("unexpected tensors: 'model.1.weight', 'model.1.bias'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whole_model.pth", "class '__main__.Small'", "torch.save(net.state_dict(), path)")]
    [InlineData("whole_model_legacy.pth", "class '__main__.Small'", "torch.save(net.state_dict(), path)")]
    [InlineData("foreign_global.pth", "'posix.system'", "nothing in the file was run")]
    [InlineData("foreign_global_legacy.pth", "'posix.system'", "nothing in the file was run")]
    [InlineData("optimizer.pth", "optimizer's state", "latest_net_G.pth")]
    [InlineData("nested.pth", "entry 'netG' is a dict", "torch.save(checkpoint['netG'], 'netG.pth')")]
    [InlineData("torchscript.pth", "TorchScript", "torch.save(net.state_dict(), path)")]
    [InlineData("big_endian.pth", "big-endian", "re-save it")]
    public void Files_that_are_not_plain_state_dicts_are_refused_with_what_to_do(string name, string what, string advice)
    {
        string path = CheckpointTestFiles.Pth(name);
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(path));
        Assert.Contains(Path.GetFullPath(path), ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.Contains(advice, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_neither_format_is_refused_naming_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("notes.pth");
        File.WriteAllText(path, "not a checkpoint");
        var ex = Assert.Throws<CheckpointException>(() => PthFile.Read(path));
        Assert.Contains("not a PyTorch checkpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    internal static void AssertSame(StateDict expected, StateDict actual)
    {
        Assert.Equal(expected.Names, actual.Names);
        foreach (string name in expected.Names)
        {
            Assert.Equal(expected.ShapeOf(name), actual.ShapeOf(name));
            if (expected.TryGetFloat(name, out Tensor e))
            {
                Assert.True(actual.TryGetFloat(name, out Tensor a), $"'{name}' should be float32");
                Assert.Equal(e.Data.Select(BitConverter.SingleToInt32Bits), a.Data.Select(BitConverter.SingleToInt32Bits));
            }
            else
            {
                Assert.True(expected.TryGetInt64(name, out Int64Tensor ei));
                Assert.True(actual.TryGetInt64(name, out Int64Tensor ai), $"'{name}' should be int64");
                Assert.Equal(ei.Data, ai.Data);
            }
        }
    }
}

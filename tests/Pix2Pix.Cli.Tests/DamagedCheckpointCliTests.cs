using System.Buffers.Binary;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

public class DamagedCheckpointCliTests
{
    [Fact]
    public void Translate_with_a_flipped_bit_in_the_weights_fails_naming_the_file_and_the_tensor()
    {
        using var tmp = new DatasetsTempFolder();
        var g = Pix2Pix.Gan.Networks.NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Pix2Pix.Engine.Rng(1), null);
        string weights = tmp["g.safetensors"];
        Checkpoint.Save(weights, g.StateDict());
        byte[] bytes = File.ReadAllBytes(weights);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        bytes[dataStart + 100] ^= 0x04;   // inside the first tensor, model.model.0.weight
        File.WriteAllBytes(weights, bytes);
        ImageCodecs.SavePng(new Image(128, 128, 3), tmp["in.png"]);

        var r = DatasetsCli.Run("translate", "--checkpoint", weights, "--input", tmp["in.png"], "--output", tmp["out.png"]);

        Assert.Equal(1, r.Exit);
        Assert.Contains(weights, r.Error);
        Assert.Contains($"tensor '{g.StateDict().Names[0]}'", r.Error);
        Assert.Contains("checksum", r.Error);
        Assert.False(File.Exists(tmp["out.png"]));
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Export.Onnx;
using Pix2Pix.Gan.Inference;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Tests;

/// <summary><c>pix2pix export --format onnx</c> from a run folder (G and D) and from a bare weights file.</summary>
public class ExportOnnxCliTests
{
    /// <summary>A pix2pix run folder with unet_128 (ngf 2) and a basic D (ndf 2): options.json and latest weights.</summary>
    private static string MakeRun(DatasetsTempFolder tmp)
    {
        var options = new TrainOptions { Model = "pix2pix", Name = "tiny", CheckpointsDir = tmp["checkpoints"] };
        options.ApplyModelDefaults(new HashSet<string>());
        (options.NetG, options.Ngf, options.Ndf, options.Direction) = ("unet_128", 2, 2, "BtoA");
        var run = new RunFolder(Path.Combine(tmp["checkpoints"], "tiny"));
        Directory.CreateDirectory(run.Path);
        File.WriteAllText(run.OptionsJson, OptionsFile.ToJson(options));
        var g = NetworkFactory.DefineG(3, 3, 2, "unet_128", options.Norm, true, "normal", 0.02f, new Rng(1), null);
        var d = NetworkFactory.DefineD(6, 2, "basic", 3, options.Norm, "normal", 0.02f, new Rng(2));
        Checkpoint.Save(run.NetworkFile("latest", "G"), g.StateDict());
        Checkpoint.Save(run.NetworkFile("latest", "D"), d.StateDict());
        return run.Path;
    }

    private static byte[] Expected(string checkpoint, ISet<string> given, TrainOptions flags, bool dropout = false)
    {
        var loaded = GeneratorLoader.Load(checkpoint, "latest", flags, given);
        var export = OnnxNetworks.Generator(loaded, dropout);
        return OnnxExporter.ToBytes(export.Network, export.Options);
    }

    private static TrainOptions Defaults()
    {
        var flags = new TrainOptions { Model = "pix2pix" };
        flags.ApplyModelDefaults(new HashSet<string>());
        return flags;
    }

    [Fact]
    public void A_run_folder_exports_its_generator_and_its_discriminator()
    {
        using var tmp = new DatasetsTempFolder();
        string run = MakeRun(tmp);
        string g = tmp["out/G.onnx"];
        var export = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--output", g);
        Assert.True(export.Exit == 0, export.Error);
        Assert.Contains("exported G unet_128 to ONNX (opset 17): input 'input' [N, 3, H, W] in [-1, 1], output 'output' [N, 3, H, W]; H and W must be multiples of 128", export.Output, StringComparison.Ordinal);
        Assert.Contains("evaluation mode", export.Output, StringComparison.Ordinal);
        Assert.Equal(Expected(run, new HashSet<string>(), Defaults()), File.ReadAllBytes(g));
        Assert.Contains("BtoA", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(g)), StringComparison.Ordinal);   // the run's direction, in the metadata

        string d = tmp["out/D_basic.onnx"];
        var exportD = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--net", "D", "--output", d);
        Assert.True(exportD.Exit == 0, exportD.Error);
        Assert.Contains("exported D basic to ONNX (opset 17): input 'input' [N, 6, H, W] in [-1, 1], output 'output' [N, 1, h, w]", exportD.Output, StringComparison.Ordinal);
        var expectedD = OnnxNetworks.Discriminator(run, "latest", "D");
        Assert.Equal(OnnxExporter.ToBytes(expectedD.Network, expectedD.Options), File.ReadAllBytes(d));
        var intoFolder = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--net", "D", "--output", tmp["out"]);
        Assert.True(intoFolder.Exit == 0, intoFolder.Error);
        Assert.Equal(File.ReadAllBytes(d), File.ReadAllBytes(Path.Combine(tmp["out"], "D.onnx")));

        var noisy = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--dropout", "--output", tmp["out/G_noisy.onnx"]);
        Assert.True(noisy.Exit == 0, noisy.Error);
        Assert.Contains("the output is random", noisy.Output, StringComparison.Ordinal);
        Assert.Contains("EliminateDropout", noisy.Output, StringComparison.Ordinal);
        var quiet = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--dropout", "--no_dropout", "--output", tmp["out/G_quiet.onnx"]);
        Assert.True(quiet.Exit == 0, quiet.Error);
        Assert.Contains("--dropout changes nothing", quiet.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_gan_run_exports_G_A_or_G_B_with_their_channels_and_directions()
    {
        using var tmp = new DatasetsTempFolder();
        var options = new TrainOptions { Model = "cycle_gan", Name = "cycle", CheckpointsDir = tmp["checkpoints"] };
        options.ApplyModelDefaults(new HashSet<string>());
        (options.NetG, options.Ngf, options.InputNc, options.OutputNc) = ("resnet_6blocks", 2, 1, 3);
        var run = new RunFolder(Path.Combine(tmp["checkpoints"], "cycle"));
        Directory.CreateDirectory(run.Path);
        File.WriteAllText(run.OptionsJson, OptionsFile.ToJson(options));
        Checkpoint.Save(run.NetworkFile("latest", "G_A"), NetworkFactory.DefineG(1, 3, 2, "resnet_6blocks", options.Norm, false, "normal", 0.02f, new Rng(1), null).StateDict());
        Checkpoint.Save(run.NetworkFile("latest", "G_B"), NetworkFactory.DefineG(3, 1, 2, "resnet_6blocks", options.Norm, false, "normal", 0.02f, new Rng(2), null).StateDict());

        var a = DatasetsCli.Run("export", "--checkpoint", run.Path, "--format", "onnx", "--output", tmp["G_A.onnx"]);
        Assert.True(a.Exit == 0, a.Error);
        Assert.Contains("input 'input' [N, 1, H, W] in [-1, 1], output 'output' [N, 3, H, W]; H and W must be multiples of 4", a.Output, StringComparison.Ordinal);
        var b = DatasetsCli.Run("export", "--checkpoint", run.Path, "--format", "onnx", "--net", "G_B", "--output", tmp["G_B.onnx"]);
        Assert.True(b.Exit == 0, b.Error);
        Assert.Contains("input 'input' [N, 3, H, W] in [-1, 1], output 'output' [N, 1, H, W]", b.Output, StringComparison.Ordinal);
        Assert.Contains("BtoA", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(tmp["G_B.onnx"])), StringComparison.Ordinal);
        var byDirection = DatasetsCli.Run("export", "--checkpoint", run.Path, "--format", "onnx", "--direction", "BtoA", "--output", tmp["G_B2.onnx"]);
        Assert.True(byDirection.Exit == 0, byDirection.Error);
        Assert.Equal(File.ReadAllBytes(tmp["G_B.onnx"]), File.ReadAllBytes(tmp["G_B2.onnx"]));
    }

    [Fact]
    public void A_bare_file_exports_with_its_inferred_architecture_or_the_flags()
    {
        using var tmp = new DatasetsTempFolder();
        string weights = Path.Combine(MakeRun(tmp), "latest_net_G.safetensors");
        var inferred = DatasetsCli.Run("export", "--checkpoint", weights, "--format", "onnx", "--output", tmp["G.onnx"]);
        Assert.True(inferred.Exit == 0, inferred.Error);
        Assert.Contains("architecture inferred from the weights: --netG unet_128 --norm batch --ngf 2 --input_nc 3 --output_nc 3", inferred.Output, StringComparison.Ordinal);
        Assert.Equal(Expected(weights, new HashSet<string>(), Defaults()), File.ReadAllBytes(tmp["G.onnx"]));

        var flagged = DatasetsCli.Run("export", "--checkpoint", weights, "--format", "onnx", "--netG", "unet_128", "--ngf", "2", "--output", tmp["G_flags.onnx"]);
        Assert.True(flagged.Exit == 0, flagged.Error);
        Assert.DoesNotContain("inferred", flagged.Output, StringComparison.Ordinal);

        var wrong = DatasetsCli.Run("export", "--checkpoint", weights, "--format", "onnx", "--netG", "unet_256", "--ngf", "2", "--output", tmp["G_wrong.onnx"]);
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("--netG unet_256", wrong.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp["G_wrong.onnx"]));

        var noRun = DatasetsCli.Run("export", "--checkpoint", weights, "--format", "onnx", "--net", "D", "--output", tmp["D.onnx"]);
        Assert.Equal(1, noRun.Exit);
        Assert.Contains("needs a run folder", noRun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_flags_with_the_pth_format_and_unknown_networks_are_refused()
    {
        using var tmp = new DatasetsTempFolder();
        string run = MakeRun(tmp);
        var pth = DatasetsCli.Run("export", "--checkpoint", run, "--netG", "unet_128", "--output", tmp["pth"]);
        Assert.Equal(1, pth.Exit);
        Assert.Contains("--netG applies only to --format onnx", pth.Error, StringComparison.Ordinal);
        var net = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--net", "E", "--output", tmp["E.onnx"]);
        Assert.Equal(1, net.Exit);
        Assert.Contains("--net E is not a network name", net.Error, StringComparison.Ordinal);
        var cycle = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--net", "D_A", "--output", tmp["D_A.onnx"]);
        Assert.Equal(1, cycle.Exit);
        Assert.Contains("its discriminators are D", cycle.Error, StringComparison.Ordinal);
        var dFlags = DatasetsCli.Run("export", "--checkpoint", run, "--format", "onnx", "--net", "D", "--netG", "unet_128", "--output", tmp["D.onnx"]);
        Assert.Equal(1, dFlags.Exit);
        Assert.Contains("leave out the generator flags --netG", dFlags.Error, StringComparison.Ordinal);
    }
}

using System.Runtime.CompilerServices;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>PyTorch checkpoints through the command line: the authors' model folders, bare .pth files.</summary>
public class PthCliTests
{
    /// <summary>A generator saved by PyTorch with the reference's structure (tools/make_pth_reference.py).</summary>
    internal static string GanFixture(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Pix2Pix.Gan.Tests", "Fixtures", "pth", name);

    [Fact]
    public void Translate_runs_an_authors_model_folder_and_prints_the_inferred_architecture()
    {
        using var tmp = new DatasetsTempFolder();
        string model = Path.Combine(tmp["checkpoints"], "facades_label2photo_pretrained");
        Directory.CreateDirectory(model);
        File.Copy(GanFixture("unet_128_batch.pth"), Path.Combine(model, "latest_net_G.pth"));
        Directory.CreateDirectory(tmp["in"]);
        string input = Path.Combine(tmp["in"], "label.png");
        ImageCodecs.SavePng(new Image(128, 128, 3), input);
        string output = Path.Combine(tmp["out"], "photo.png");

        var run = DatasetsCli.Run("translate", "--checkpoint", model, "--input", input, "--output", output, "--eval");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("architecture inferred from the weights: --netG unet_128 --norm batch --ngf 2 --input_nc 3 --output_nc 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("--no_dropout turns it off", run.Output, StringComparison.Ordinal);
        Assert.Equal(128, ImageCodecs.Load(output).Width);

        // flags that contradict the weights: the error names the file and the mismatch, and the exit code is non-zero
        var wrong = DatasetsCli.Run("translate", "--checkpoint", Path.Combine(model, "latest_net_G.pth"), "--netG", "unet_256", "--input", input, "--output", output);
        Assert.NotEqual(0, wrong.Exit);
        Assert.Contains("latest_net_G.pth", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("--netG unet_256", wrong.Error, StringComparison.Ordinal);
    }
}

using System.Runtime.CompilerServices;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>PyTorch checkpoints through the command line: the authors' model folders, bare .pth files, the reference's run folders.</summary>
[Collection("Cli training")]
public class PthCliTests
{
    internal static string ReferenceRun([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Pix2Pix.Gan.Tests", "Fixtures", "reference_run", "facades_small");

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

    [Fact]
    public void A_reference_run_imports_then_tests_continues_training_and_exports_back()
    {
        using var tmp = new DatasetsTempFolder();
        string ck = tmp["ck"];
        var import = DatasetsCli.Run("import", ReferenceRun(), "--checkpoints_dir", ck, "--name", "gpu_run");
        Assert.True(import.Exit == 0, import.Error);
        Assert.Contains("imported a pix2pix run", import.Output, StringComparison.Ordinal);
        Assert.Contains("ignored: ", import.Output, StringComparison.Ordinal);
        Assert.Contains("--continue_train --epoch_count 2", import.Output, StringComparison.Ordinal);

        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var test = DatasetsCli.Run("test", "--dataroot", tmp["data"], "--name", "gpu_run", "--checkpoints_dir", ck, "--results_dir", tmp["results"],
            "--phase", "train", "--load_size", "128", "--direction", "AtoB");
        Assert.True(test.Exit == 0, test.Error);

        var resume = DatasetsCli.Run("train", "--name", "gpu_run", "--checkpoints_dir", ck, "--continue_train", "--dataroot", tmp["data"],
            "--load_size", "128", "--direction", "AtoB", "--epoch_count", "2", "--n_epochs", "2", "--n_epochs_decay", "0");
        Assert.True(resume.Exit == 0, resume.Error);
        Assert.Contains("optimizer state starts fresh at epoch 2", resume.Output, StringComparison.Ordinal);
        Assert.Contains("imported from the reference's trainer", resume.Output, StringComparison.Ordinal);
        Assert.Contains("existing epoch snapshots are kept, never overwritten: 1", resume.Output, StringComparison.Ordinal);
        Assert.Contains("training finished", resume.Output, StringComparison.Ordinal);

        var export = DatasetsCli.Run("export", "--checkpoint", Path.Combine(ck, "gpu_run"), "--format", "pth", "--output", tmp["for_pytorch"]);
        Assert.True(export.Exit == 0, export.Error);
        foreach (string file in new[] { "latest_net_G.pth", "latest_net_D.pth", "1_net_G.pth", "train_opt.txt", "loss_log.txt" })
            Assert.True(File.Exists(Path.Combine(tmp["for_pytorch"], file)), file);
        Assert.Empty(Directory.GetFiles(tmp["for_pytorch"], "*train_state*"));

        var again = DatasetsCli.Run("export", "--checkpoint", Path.Combine(ck, "gpu_run"), "--output", tmp["for_pytorch"]);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        var badName = DatasetsCli.Run("import", ReferenceRun(), "--checkpoints_dir", ck, "--name", "..");
        Assert.NotEqual(0, badName.Exit);
        Assert.Contains("--name '..' is not a folder name", badName.Error, StringComparison.Ordinal);
        var format = DatasetsCli.Run("export", "--checkpoint", Path.Combine(ck, "gpu_run"), "--format", "pt2", "--output", tmp["x"]);
        Assert.Equal(2, format.Exit);
    }
}

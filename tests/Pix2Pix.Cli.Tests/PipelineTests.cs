using Pix2Pix.Gan.Data;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>Cli tests that train run alone (they keep the cores busy).</summary>
[CollectionDefinition("Cli training", DisableParallelization = true)]
public sealed class CliTrainingDefinition;

/// <summary>The user's path through the product: datasets make-synthetic → train → test → translate.</summary>
[Collection("Cli training")]
public class PipelineTests
{
    [Fact]
    public void Train_then_test_then_translate_from_the_run_folder_gives_the_test_image()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"], checkpoints = tmp["checkpoints"], results = tmp["results"];
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", data, "--count", "4", "--test_count", "2", "--size", "128").Exit);

        var train = DatasetsCli.Run("train", "--dataroot", data, "--name", "p", "--checkpoints_dir", checkpoints, "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "8", "--ndf", "8", "--load_size", "128", "--crop_size", "128", "--direction", "BtoA",
            "--n_epochs", "1", "--n_epochs_decay", "0", "--num_threads", "2");
        Assert.True(train.Exit == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(checkpoints, "p", "latest_net_G.safetensors")));

        // Only --dataroot and --name: the architecture comes from options.json.
        var test = DatasetsCli.Run("test", "--dataroot", data, "--name", "p", "--checkpoints_dir", checkpoints, "--results_dir", results, "--eval");
        Assert.True(test.Exit == 0, test.Error);
        string page = Path.Combine(results, "p", "test_latest", "index.html");
        Assert.Equal(page, test.Output.TrimEnd().Split('\n')[^1].Trim());
        Assert.Contains("metrics: L1", test.Output);
        Assert.True(File.Exists(Path.Combine(results, "p", "test_latest", "metrics.json")));

        // translate the label half (B, the input for BtoA) of the first test image
        string testImage = ImageFolder.Scan(Path.Combine(data, "test"))[0];
        string name = Path.GetFileNameWithoutExtension(testImage);
        var pair = ImageCodecs.Load(testImage);
        var label = ImageOps.Crop(pair, pair.Width / 2, 0, pair.Width / 2, pair.Height);
        string labelFile = tmp["label.png"];
        ImageCodecs.SavePng(label, labelFile);
        string outFile = tmp["translated.png"];
        var translate = DatasetsCli.Run("translate", "--checkpoint", Path.Combine(checkpoints, "p"), "--input", labelFile, "--output", outFile, "--eval");
        Assert.True(translate.Exit == 0, translate.Error);

        var fromTest = ImageCodecs.Load(Path.Combine(results, "p", "test_latest", "images", $"{name}_fake_B.png"));
        var fromTranslate = ImageCodecs.Load(outFile);
        Assert.Equal(fromTest.Pixels, fromTranslate.Pixels);
    }

    [Fact]
    public void Translate_names_the_sizes_a_unet_accepts_and_the_flag_that_resizes()
    {
        using var tmp = new DatasetsTempFolder();
        var g = Pix2Pix.Gan.Networks.NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Pix2Pix.Engine.Rng(1), null);
        string weights = tmp["g.safetensors"];
        Pix2Pix.Engine.Checkpoints.Checkpoint.Save(weights, g.StateDict());
        string input = tmp["in.png"];
        ImageCodecs.SavePng(new Image(100, 60, 3), input);
        var r = DatasetsCli.Run("translate", "--checkpoint", weights, "--netG", "unet_128", "--ngf", "4", "--input", input, "--output", tmp["out.png"]);
        Assert.Equal(1, r.Exit);
        Assert.Contains("multiples of 128", r.Error);
        Assert.Contains("--resize 128x128", r.Error);

        var resized = DatasetsCli.Run("translate", "--checkpoint", weights, "--netG", "unet_128", "--ngf", "4", "--input", input, "--output", tmp["out.png"], "--resize", "128x128");
        Assert.True(resized.Exit == 0, resized.Error);
        Assert.Equal(128, ImageCodecs.Load(tmp["out.png"]).Width);
    }

    [Fact]
    public void Translate_with_a_mismatched_architecture_says_which_flags_to_set()
    {
        using var tmp = new DatasetsTempFolder();
        var g = Pix2Pix.Gan.Networks.NetworkFactory.DefineG(3, 3, 4, "unet_128", "batch", false, "normal", 0.02f, new Pix2Pix.Engine.Rng(1), null);
        string weights = tmp["g.safetensors"];
        Pix2Pix.Engine.Checkpoints.Checkpoint.Save(weights, g.StateDict());
        string input = tmp["in.png"];
        ImageCodecs.SavePng(new Image(128, 128, 3), input);
        // an architecture flag is given, so the weights must fit the flags (with none, the architecture is inferred)
        var r = DatasetsCli.Run("translate", "--checkpoint", weights, "--norm", "batch", "--input", input, "--output", tmp["out.png"]);
        Assert.Equal(1, r.Exit);
        Assert.Contains("--netG unet_256", r.Error);
    }

    [Fact]
    public void Unknown_flags_are_rejected_with_a_suggestion()
    {
        var r = DatasetsCli.Run("train", "--dataroot", "x", "--lamda_L1", "10");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--lamda_L1", r.Error);
        Assert.Contains("Did you mean '--lambda_L1'?", r.Error);
    }

    [Fact]
    public void A_choice_flag_lists_the_allowed_values()
    {
        var r = DatasetsCli.Run("train", "--dataroot", "x", "--netG", "unet_512");
        Assert.Equal(2, r.Exit);
        Assert.Contains("unet_256", r.Error);
    }
}

namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class BadImagesCliTests
{
    [Fact]
    public void Train_with_two_bad_images_lists_both_and_exits_non_zero_before_any_step()
    {
        using var tmp = new DatasetsTempFolder();
        var (truncated, empty) = DatasetWithTwoBadFiles(tmp);
        var result = Train(tmp);
        Assert.Equal(1, result.Exit);
        Assert.Contains("2 of 6 image files are damaged", result.Error);
        Assert.Contains(truncated, result.Error);
        Assert.Contains("FF D9", result.Error);
        Assert.Contains(empty, result.Error);
        Assert.Contains("empty", result.Error);
        Assert.Contains("--skip_bad_images", result.Error);
        Assert.Contains("checked 6 images in", result.Output);
        Assert.DoesNotContain("epoch 1", result.Output);
        Assert.False(File.Exists(Path.Combine(tmp["ck"], "b", "latest_net_G.safetensors")));
    }

    [Fact]
    public void Train_with_skip_bad_images_trains_on_the_rest_and_lists_the_skipped_files()
    {
        using var tmp = new DatasetsTempFolder();
        var (truncated, empty) = DatasetWithTwoBadFiles(tmp);
        var result = Train(tmp, "--skip_bad_images");
        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("skipped 2 bad image files", result.Output);
        Assert.Contains("#training images = 4", result.Output);
        string listed = File.ReadAllText(Path.Combine(tmp["ck"], "b", "skipped_images.txt"));
        Assert.Contains(truncated, listed);
        Assert.Contains(empty, listed);
        Assert.True(File.Exists(Path.Combine(tmp["ck"], "b", "latest_net_G.safetensors")));

        // The run's options.json keeps the flag, so testing on the same split skips the same files.
        var test = DatasetsCli.Run("test", "--name", "b", "--checkpoints_dir", tmp["ck"], "--phase", "train", "--results_dir", tmp["results"]);
        Assert.True(test.Exit == 0, test.Error);
        Assert.Contains("skipping 2 bad image files", test.Output);
    }

    private static (string Truncated, string Empty) DatasetWithTwoBadFiles(DatasetsTempFolder tmp)
    {
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "4", "--size", "128").Exit);
        string train = Path.Combine(tmp["data"], "train");
        string first = Directory.GetFiles(train).Order(StringComparer.Ordinal).First();
        byte[] bytes = File.ReadAllBytes(first);
        string truncated = Path.Combine(train, "zz_truncated.jpg");
        File.WriteAllBytes(truncated, Jpeg(bytes)[..^200]);
        string empty = Path.Combine(train, "zz_empty.png");
        File.WriteAllBytes(empty, []);
        return (truncated, empty);
    }

    // The truncated file must be a JPEG whatever format make-synthetic writes.
    private static byte[] Jpeg(byte[] image) =>
        Imaging.ImageCodecs.Encode(Imaging.ImageCodecs.Decode(image, "synthetic"), Imaging.ImageFormat.Jpeg);

    private static (int Exit, string Output, string Error) Train(DatasetsTempFolder tmp, params string[] extra) =>
        DatasetsCli.Run([
            "train", "--dataroot", tmp["data"], "--name", "b", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0",
            "--no_html", .. extra]);
}

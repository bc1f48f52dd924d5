using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>Issue 15 item 10: <c>test --aspect_ratio</c> resizes the saved result images (width : height), as the reference's save_image.</summary>
[Collection("Cli training")]
public class AspectRatioCliTests
{
    [Fact]
    public void Test_saves_wider_images_above_1_and_taller_ones_below_1_with_the_same_metrics()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "128").Exit);
        var train = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "a", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0");
        Assert.True(train.Exit == 0, train.Error);

        var sides = new Dictionary<string, (int Width, int Height)>();
        var metrics = new List<string>();
        foreach (string ratio in new[] { "1", "2", "0.5", "1.5" })
        {
            string results = tmp["results" + ratio];
            var r = DatasetsCli.Run("test", "--name", "a", "--checkpoints_dir", tmp["ck"], "--results_dir", results, "--aspect_ratio", ratio, "--num_test", "1");
            Assert.True(r.Exit == 0, r.Error);
            metrics.Add(r.Output.Split('\n').Single(l => l.StartsWith("metrics:", StringComparison.Ordinal)).Split(" (written")[0]);
            string images = Path.Combine(results, "a", "test_latest", "images");
            foreach (string png in Directory.GetFiles(images, "*.png"))
            {
                var image = ImageCodecs.Load(png);
                Assert.Equal(image.Width, Directory.GetFiles(images, "*.png").Select(f => ImageCodecs.Load(f).Width).First());
                sides[ratio] = (image.Width, image.Height);
            }
        }
        Assert.Equal((128, 128), sides["1"]);
        Assert.Equal((256, 128), sides["2"]);
        Assert.Equal((128, 256), sides["0.5"]);
        Assert.Equal((192, 128), sides["1.5"]);
        Assert.Single(metrics.Distinct());   // the metrics are measured before the resize
    }
}

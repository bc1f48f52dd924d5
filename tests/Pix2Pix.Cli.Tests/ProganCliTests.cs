using Pix2Pix.Tests.Support;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>train --model progan on IDX digits, then sample and interpolate from the run and from a pytorch_GAN_zoo checkpoint.</summary>
[Collection("Cli training")]
public class ProganCliTests
{
    private static string Zoo => Path.Combine(AppContext.BaseDirectory, "Fixtures", "progan", "zoo_s2.pth");

    [Fact]
    public void Progan_trains_on_digits_and_its_run_samples_and_interpolates()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"];
        Directory.CreateDirectory(data);
        const int count = 16;
        IdxFiles.WriteFile(Path.Combine(data, "t10k-images-idx3-ubyte"), [count, 28, 28], [.. Enumerable.Range(0, count * 784).Select(i => (byte)(i * 7 % 256))]);
        IdxFiles.WriteFile(Path.Combine(data, "t10k-labels-idx1-ubyte"), [count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);

        var train = DatasetsCli.Run("train", "--model", "progan", "--dataset_mode", "mnist", "--dataroot", data, "--name", "pg", "--checkpoints_dir", tmp["ck"],
            "--input_nc", "1", "--output_nc", "1", "--crop_size", "32", "--load_size", "32", "--z_dim", "8", "--depth_scales", "8,8,8,8",
            "--max_iter_at_scale", "2,2,2,2", "--alpha_n_jumps", "0,1,1,1", "--alpha_size_jumps", "0,1,1,1", "--batch_size", "8", "--num_threads", "2");
        Assert.True(train.Exit == 0, train.Error + train.Output);
        Assert.Contains("training finished: 64 images seen", train.Output, StringComparison.Ordinal);

        var sample = DatasetsCli.Run("sample", "--name", "pg", "--checkpoints_dir", tmp["ck"], "--num", "3", "--output", tmp["s"]);
        Assert.True(sample.Exit == 0, sample.Error);
        var one = ImageCodecs.Load(Path.Combine(tmp["s"], "0003.png"));
        Assert.Equal((32, 32), (one.Width, one.Height));

        string grid = Path.Combine(tmp["walk"], "grid.png");
        var walk = DatasetsCli.Run("interpolate", "--name", "pg", "--checkpoints_dir", tmp["ck"], "--from", "1", "--to", "2", "--steps", "12", "--slerp",
            "--output", tmp["walk"], "--grid", grid);
        Assert.True(walk.Exit == 0, walk.Error);
        Assert.Contains("wrote 12 frame(s)", walk.Output, StringComparison.Ordinal);
        var g = ImageCodecs.Load(grid);
        Assert.Equal((10 * 34 + 2, 2 * 34 + 2), (g.Width, g.Height));   // 10 frames per row, 2-pixel padding
    }

    [Fact]
    public void A_zoo_checkpoint_samples_and_interpolates_with_model_progan()
    {
        using var tmp = new DatasetsTempFolder();
        var sample = DatasetsCli.Run("sample", "--checkpoint", Zoo, "--model", "progan", "--num", "4", "--output", tmp["faces"], "--grid", Path.Combine(tmp["faces"], "grid.png"));
        Assert.True(sample.Exit == 0, sample.Error);
        var face = ImageCodecs.Load(Path.Combine(tmp["faces"], "0004.png"));
        Assert.Equal((16, 16), (face.Width, face.Height));
        var walk = DatasetsCli.Run("interpolate", "--checkpoint", Zoo, "--model", "progan", "--from", "0", "--to", "5", "--steps", "4", "--output", tmp["walk"]);
        Assert.True(walk.Exit == 0, walk.Error);
        Assert.True(File.Exists(Path.Combine(tmp["walk"], "0004.png")));

        var both = DatasetsCli.Run("sample", "--checkpoint", Zoo, "--name", "x", "--model", "progan", "--output", tmp["o"]);
        Assert.NotEqual(0, both.Exit);
        Assert.Contains("either --name RUN", both.Error, StringComparison.Ordinal);
        var noModel = DatasetsCli.Run("interpolate", "--checkpoint", Zoo, "--from", "0", "--to", "1", "--output", tmp["o"]);
        Assert.NotEqual(0, noModel.Exit);
        Assert.Contains("--checkpoint needs --model", noModel.Error, StringComparison.Ordinal);
        var missing = DatasetsCli.Run("sample", "--checkpoint", Path.Combine(tmp.Path, "none.pth"), "--model", "progan", "--output", tmp["o"]);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_lists_every_scale_with_the_zoo_networks_parameter_counts()
    {
        var summary = DatasetsCli.Run("summary", "--model", "progan", "--crop_size", "16");
        Assert.True(summary.Exit == 0, summary.Error);
        // pytorch_GAN_zoo's PGAN at 4x4 with 512 channels, RGB: formatLayer 4,202,496 + 3x3 conv 2,359,808 + toRGB 1,539
        Assert.Contains("6,563,843", summary.Output, StringComparison.Ordinal);
        Assert.Contains("16x16", summary.Output, StringComparison.Ordinal);
    }
}

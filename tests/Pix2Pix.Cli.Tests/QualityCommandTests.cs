using Pix2Pix.Tests.Support;
using System.Text.Json;

namespace Pix2Pix.Cli.Tests;

/// <summary>train --model classifier and --model gan on IDX files, then judge the gan with quality (text and --json).</summary>
[Collection("Cli training")]
public class QualityCommandTests
{
    [Fact]
    public void Quality_judges_a_gan_run_with_a_classifier_run()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"];
        Directory.CreateDirectory(data);
        const int count = 120;
        var pixels = new byte[count * 784];
        for (int n = 0; n < count; n++)
            for (int y = 6; y < 22; y++)
                for (int x = 3 + 2 * (n % 10); x < 7 + 2 * (n % 10); x++)
                    pixels[n * 784 + y * 28 + x] = 255;
        IdxFiles.WriteFile(Path.Combine(data, "t10k-images-idx3-ubyte"), [count, 28, 28], pixels);
        IdxFiles.WriteFile(Path.Combine(data, "t10k-labels-idx1-ubyte"), [count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);

        var clf = DatasetsCli.Run("train", "--model", "classifier", "--dataroot", data, "--name", "clf", "--checkpoints_dir", tmp["ck"],
            "--n_epochs", "2", "--batch_size", "20", "--max_dataset_size", "100", "--num_threads", "2");
        Assert.True(clf.Exit == 0, clf.Error);
        var gan = DatasetsCli.Run("train", "--model", "gan", "--dataroot", data, "--name", "g", "--checkpoints_dir", tmp["ck"],
            "--n_epochs", "1", "--batch_size", "20", "--num_threads", "2");
        Assert.True(gan.Exit == 0, gan.Error);

        string json = Path.Combine(tmp.Path, "q.json");
        var quality = DatasetsCli.Run("quality", "--name", "g", "--checkpoints_dir", tmp["ck"], "--classifier", "clf", "--num", "100", "--json", json);
        Assert.True(quality.Exit == 0, quality.Error);
        Assert.Contains("gan: 100 samples (seed 0), judged by a classifier with", quality.Output, StringComparison.Ordinal);
        Assert.Contains("on 20 held-out digits", quality.Output, StringComparison.Ordinal);
        Assert.Contains("Fréchet distance to held-out digits", quality.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("classified as their label", quality.Output, StringComparison.Ordinal);   // gan draws no chosen digits
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(100, doc.RootElement.GetProperty("Histogram").EnumerateArray().Sum(e => e.GetInt32()));

        // A progan run on MNIST, grown to its last scale (32x32: cropped to the classifier's 28x28).
        var progan = DatasetsCli.Run("train", "--model", "progan", "--dataset_mode", "mnist", "--dataroot", data, "--name", "p",
            "--checkpoints_dir", tmp["ck"], "--input_nc", "1", "--output_nc", "1", "--crop_size", "32", "--load_size", "32",
            "--z_dim", "8", "--depth_scales", "8,8,8,8", "--max_iter_at_scale", "2,2,2,2", "--alpha_n_jumps", "0,1,1,1",
            "--alpha_size_jumps", "0,1,1,1", "--batch_size", "20", "--num_threads", "2");
        Assert.True(progan.Exit == 0, progan.Error);
        var judged = DatasetsCli.Run("quality", "--name", "p", "--checkpoints_dir", tmp["ck"], "--classifier", "clf", "--num", "100");
        Assert.True(judged.Exit == 0, judged.Error);
        Assert.Contains("progan: 100 samples (seed 0)", judged.Output, StringComparison.Ordinal);

        var notClassifier = DatasetsCli.Run("quality", "--name", "g", "--checkpoints_dir", tmp["ck"], "--classifier", "g");
        Assert.NotEqual(0, notClassifier.Exit);
        Assert.Contains("--classifier needs a --model classifier run", notClassifier.Error, StringComparison.Ordinal);
        var summary = DatasetsCli.Run("summary", "--model", "classifier");
        Assert.True(summary.Exit == 0, summary.Error);
        Assert.Contains("Total parameters: 501,578", summary.Output, StringComparison.Ordinal);   // 320 + 32,832 + 65,600 + 401,536 + 1,290
        var few = DatasetsCli.Run("quality", "--name", "g", "--checkpoints_dir", tmp["ck"], "--classifier", "clf", "--num", "10");
        Assert.NotEqual(0, few.Exit);
        Assert.Contains("--num 10 is out of range", few.Error, StringComparison.Ordinal);
    }
}

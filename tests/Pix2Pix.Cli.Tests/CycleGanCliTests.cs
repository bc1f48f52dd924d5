using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

/// <summary>CycleGAN through the command line: train on unaligned folders → test → translate either way → test one generator.</summary>
[Collection("Cli training")]
public class CycleGanCliTests
{
    private const int Side = 32;

    /// <summary>trainA/trainB/testA/testB with a few distinct small images each (A: warm gradients, B: cool ones).</summary>
    private static void WriteUnaligned(string root)
    {
        foreach (var (folder, count, salt) in new[] { ("trainA", 3, 0), ("trainB", 4, 1), ("testA", 2, 2), ("testB", 2, 3) })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            for (int i = 0; i < count; i++)
            {
                var image = new Image(Side, Side, 3);
                for (int p = 0; p < Side * Side; p++)
                {
                    int x = p % Side, y = p / Side;
                    image.Pixels[3 * p + (salt % 2 == 0 ? 0 : 2)] = (byte)(200 - 4 * y + 10 * i);
                    image.Pixels[3 * p + 1] = (byte)((x * (i + 1) * 7 + 40 * salt) % 256);
                }
                ImageCodecs.SavePng(image, Path.Combine(root, folder, $"{folder}_{i}.png"));
            }
        }
    }

    [Fact]
    public void Train_test_and_translate_a_cyclegan_in_both_directions()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"], checkpoints = tmp["checkpoints"], results = tmp["results"];
        WriteUnaligned(data);

        var train = DatasetsCli.Run("train", "--dataroot", data, "--name", "cg", "--checkpoints_dir", checkpoints, "--model", "cycle_gan",
            "--netG", "resnet_6blocks", "--ngf", "4", "--ndf", "4", "--load_size", "36", "--crop_size", "32",
            "--n_epochs", "1", "--n_epochs_decay", "0", "--num_threads", "2", "--print_freq", "1");
        Assert.True(train.Exit == 0, train.Error);
        foreach (string net in new[] { "G_A", "G_B", "D_A", "D_B" })
            Assert.True(File.Exists(Path.Combine(checkpoints, "cg", $"latest_net_{net}.safetensors")), $"latest_net_{net} is missing");
        Assert.Contains("cycle_A:", train.Output, StringComparison.Ordinal);
        Assert.Contains("idt_B:", train.Output, StringComparison.Ordinal);

        var test = DatasetsCli.Run("test", "--dataroot", data, "--name", "cg", "--checkpoints_dir", checkpoints, "--results_dir", results, "--eval");
        Assert.True(test.Exit == 0, test.Error);
        Assert.Contains("no paired target images: metrics skipped", test.Output, StringComparison.Ordinal);
        string images = Path.Combine(results, "cg", "test_latest", "images");
        foreach (string visual in new[] { "real_A", "fake_B", "rec_A", "real_B", "fake_A", "rec_B" })
            Assert.True(File.Exists(Path.Combine(images, $"testA_0_{visual}.png")), $"testA_0_{visual}.png is missing");

        // Test pairs testA_i with testB_i (serial batches): fake_B = G_A(testA_0), fake_A = G_B(testB_0).
        string outAtoB = tmp["a2b.png"], outBtoA = tmp["b2a.png"];
        var a2b = DatasetsCli.Run("translate", "--checkpoint", Path.Combine(checkpoints, "cg"), "--input", Path.Combine(data, "testA", "testA_0.png"), "--output", outAtoB, "--eval");
        Assert.True(a2b.Exit == 0, a2b.Error);
        var b2a = DatasetsCli.Run("translate", "--checkpoint", Path.Combine(checkpoints, "cg"), "--direction", "BtoA",
            "--input", Path.Combine(data, "testB", "testB_0.png"), "--output", outBtoA, "--eval");
        Assert.True(b2a.Exit == 0, b2a.Error);
        Assert.Equal(ImageCodecs.Load(Path.Combine(images, "testA_0_fake_B.png")).Pixels, ImageCodecs.Load(outAtoB).Pixels);
        Assert.Equal(ImageCodecs.Load(Path.Combine(images, "testA_0_fake_A.png")).Pixels, ImageCodecs.Load(outBtoA).Pixels);

        // --model test with --model_suffix _A runs G_A alone over a folder of single images.
        string single = Path.Combine(results, "single");
        var one = DatasetsCli.Run("test", "--dataroot", Path.Combine(data, "testA"), "--name", "cg", "--checkpoints_dir", checkpoints,
            "--results_dir", single, "--model", "test", "--model_suffix", "_A", "--eval");
        Assert.True(one.Exit == 0, one.Error);
        string fake = Path.Combine(single, "cg", "test_latest", "images", "testA_0_fake.png");
        Assert.True(File.Exists(fake), one.Output);
        Assert.Equal(ImageCodecs.Load(outAtoB).Pixels, ImageCodecs.Load(fake).Pixels);
    }

    [Fact]
    public void A_gray_to_colour_cyclegan_translates_back_with_G_B_to_gray()
    {
        using var tmp = new DatasetsTempFolder();
        string data = tmp["data"], checkpoints = tmp["checkpoints"];
        WriteUnaligned(data);
        string[] common = ["--dataroot", data, "--name", "g2c", "--checkpoints_dir", checkpoints, "--model", "cycle_gan", "--input_nc", "1", "--output_nc", "3",
            "--netG", "resnet_6blocks", "--ngf", "4", "--ndf", "4", "--load_size", "32", "--crop_size", "32", "--n_epochs", "1", "--n_epochs_decay", "0", "--num_threads", "2"];

        var refused = DatasetsCli.Run(["train", .. common]);
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("--lambda_identity 0", refused.Error, StringComparison.Ordinal);

        var train = DatasetsCli.Run(["train", .. common, "--lambda_identity", "0"]);
        Assert.True(train.Exit == 0, train.Error);
        string output = tmp["gray.png"];
        var b2a = DatasetsCli.Run("translate", "--checkpoint", Path.Combine(checkpoints, "g2c"), "--direction", "BtoA",
            "--input", Path.Combine(data, "testB", "testB_0.png"), "--output", output);
        Assert.True(b2a.Exit == 0, b2a.Error);
        Assert.Equal(1, ImageCodecs.Load(output).Channels);
    }

    [Fact]
    public void Training_the_test_model_says_which_model_to_train()
    {
        var r = DatasetsCli.Run("train", "--dataroot", "x", "--model", "test");
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("--model cycle_gan", r.Error, StringComparison.Ordinal);
    }
}

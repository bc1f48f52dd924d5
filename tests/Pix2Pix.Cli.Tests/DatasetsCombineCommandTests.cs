using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests;

public sealed class DatasetsCombineCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pix2pix-combine-" + Guid.NewGuid().ToString("N"));

    public DatasetsCombineCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(params string[] parts) => Path.Combine([_dir, .. parts]);

    private static Image Solid(int w, int h, byte value)
    {
        var image = new Image(w, h, 3);
        Array.Fill(image.Pixels, value);
        return image;
    }

    private static (int Code, string Out, string Err) Combine(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(["datasets", "combine", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Combine_writes_A_left_and_B_right_per_split_paired_by_name()
    {
        ImageCodecs.SavePng(Solid(4, 3, 10), P("A", "train", "1.png"));
        ImageCodecs.SavePng(Solid(5, 3, 200), P("B", "train", "1.png"));
        ImageCodecs.SavePng(Solid(2, 2, 50), P("A", "val", "x.png"));
        ImageCodecs.SavePng(Solid(2, 2, 60), P("B", "val", "x.png"));
        ImageCodecs.SavePng(Solid(2, 2, 70), P("A", "val", "lonely.png"));

        var (code, output, err) = Combine("--fold_A", P("A"), "--fold_B", P("B"), "--fold_AB", P("AB"));

        Assert.True(code == 0, err);
        var ab = ImageCodecs.Load(P("AB", "train", "1.png"));
        Assert.Equal((9, 3, 3), (ab.Width, ab.Height, ab.Channels));
        Assert.Equal(10, ab.Pixels[0]);
        Assert.Equal(10, ab.Pixels[3 * 3]);
        Assert.Equal(200, ab.Pixels[4 * 3]);
        Assert.Equal(200, ab.Pixels[(2 * 9 + 8) * 3 + 2]);
        Assert.True(File.Exists(P("AB", "val", "x.png")));
        Assert.False(File.Exists(P("AB", "val", "lonely.png")));
        Assert.Contains("split = train, use 1/1 images", output, StringComparison.Ordinal);
        Assert.Contains("lonely.png", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_AB_pairs_A_and_B_suffixes_in_one_folder_and_num_imgs_limits_each_split()
    {
        for (int i = 0; i < 3; i++)
        {
            ImageCodecs.SavePng(Solid(2, 2, 1), P("A", "test", $"000{i}_A.png"));
            ImageCodecs.SavePng(Solid(2, 2, 2), P("B", "test", $"000{i}_B.png"));
        }
        var (code, _, err) = Combine("--fold_A", P("A"), "--fold_B", P("B"), "--fold_AB", P("AB"), "--use_AB", "--num_imgs", "2");
        Assert.True(code == 0, err);
        Assert.Equal(new[] { "0000.png", "0001.png" }, Directory.GetFiles(P("AB", "test")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Different_heights_fail_with_a_message_naming_both_files()
    {
        ImageCodecs.SavePng(Solid(2, 2, 1), P("A", "train", "p.png"));
        ImageCodecs.SavePng(Solid(2, 3, 1), P("B", "train", "p.png"));
        var (code, output, _) = Combine("--fold_A", P("A"), "--fold_B", P("B"), "--fold_AB", P("AB"));
        Assert.NotEqual(0, code);
        Assert.Contains("heights must match", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_fold_A_fails_and_explains_the_layout()
    {
        Directory.CreateDirectory(P("B"));
        var (code, _, err) = Combine("--fold_A", P("nope"), "--fold_B", P("B"), "--fold_AB", P("AB"));
        Assert.Equal(1, code);
        Assert.Contains(P("nope"), err, StringComparison.Ordinal);
        Assert.Contains("fold_A/<split>/<name>", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_A_without_split_folders_is_an_error()
    {
        ImageCodecs.SavePng(Solid(2, 2, 1), P("A", "1.png"));
        Directory.CreateDirectory(P("B"));
        var (code, _, err) = Combine("--fold_A", P("A"), "--fold_B", P("B"), "--fold_AB", P("AB"));
        Assert.Equal(1, code);
        Assert.Contains("no split sub-folders", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_flags_are_a_parse_error()
    {
        Assert.NotEqual(0, Combine("--fold_A", P("A")).Code);
    }
}

using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Tests;

/// <summary>
/// Write faults at every save site (issue 15): a write that fails as a full disk does — after some bytes of a weights
/// file, the training state, an epoch snapshot, the manifest, the renames after it, options.json, the loss log — makes
/// <c>train</c> exit non-zero naming the file, leaves the previous save loadable, and a continue ends byte for byte
/// where an unbroken run ends.
/// </summary>
[Collection("Cli training")]
public class WriteFaultTests
{
    [Theory]
    [InlineData("weights", 3, 1000, "latest_net_G.safetensors")]
    [InlineData("weights", 2, 0, "latest_net_D.safetensors")]
    [InlineData("trainingstate", 2, 70_000, "latest_train_state.safetensors")]
    [InlineData("snapshot", 1, 100, "_net_G.safetensors")]
    [InlineData("manifest", 2, 20, "state.json")]
    [InlineData("rename", 2, 0, "latest_net_D.safetensors")]
    [InlineData("options", 1, 10, "options.json")]
    [InlineData("options", 2, 10_000, "train_opt.txt")]
    [InlineData("losslog", 3, 5, "loss_log.txt")]
    public void A_failed_write_exits_non_zero_naming_the_file_keeps_the_last_save_and_resumes_exactly(string site, int occurrence, long bytes, string file)
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "4", "--size", "128").Exit);
        var reference = DatasetsCli.Run(Train(tmp, "reference"));
        Assert.True(reference.Exit == 0, reference.Error);

        // A first start that stops mid-run (a full disk on its 5th weights file), so the faulty start has a save to keep.
        using (SaveIo.Inject(new WriteFault(SaveKind.Weights, 5, 10, Kill: false)))
            Assert.Equal(1, DatasetsCli.Run(Train(tmp, "broken")).Exit);
        string folder = Path.Combine(tmp["ck"], "broken");
        var before = RunManifest.Load(folder)!;
        string optionsBefore = File.ReadAllText(Path.Combine(folder, "options.json"));

        (int Exit, string Output, string Error) faulty;
        var fault = WriteFault.Parse(FormattableString.Invariant($"{site}:{occurrence}:{bytes}:enospc"));
        using (SaveIo.Inject(fault))
            faulty = DatasetsCli.Run([.. Train(tmp, "broken"), "--continue_train"]);

        Assert.True(faulty.Exit == 1, $"exit {faulty.Exit}: {faulty.Output}\n{faulty.Error}");
        Assert.Contains(file, faulty.Error);
        Assert.Contains("No space left on device", faulty.Error);
        // The folder still holds one whole save: the one before (or, when only the renames after the commit failed, the new one).
        var (after, _, _) = RunCommit.Recover(folder);
        Assert.NotNull(after?.State);
        Assert.True(after.Generation >= before.Generation);
        if (file == "options.json")
            Assert.Equal(optionsBefore, File.ReadAllText(Path.Combine(folder, "options.json")));

        var resumed = DatasetsCli.Run([.. Train(tmp, "broken"), "--continue_train"]);
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains("resuming from", resumed.Output);
        string refFolder = Path.Combine(tmp["ck"], "reference");
        var names = Directory.GetFiles(refFolder, "*.safetensors").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(folder, "*.safetensors").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (string name in names!)
            Assert.True(File.ReadAllBytes(Path.Combine(refFolder, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, name!))), $"{name} differs");
        Assert.Empty(Directory.GetFiles(folder, ".*"));
    }

    [Fact]
    public void The_fault_variable_is_checked()
    {
        Assert.Equal(new WriteFault(SaveKind.TrainingState, 2, 100, true), WriteFault.Parse("trainingstate:2:100:kill"));
        Assert.Equal("rename:1:0:enospc", WriteFault.Parse("Rename:1:0:enospc").ToString());
        var ex = Assert.Throws<InvalidOperationException>(() => WriteFault.Parse("weights:0:1:kill"));
        Assert.Contains(WriteFault.Variable, ex.Message);
        Assert.Throws<InvalidOperationException>(() => WriteFault.Parse("disk:1:1:kill"));
    }

    private static string[] Train(DatasetsTempFolder tmp, string name) =>
        ["train", "--dataroot", tmp["data"], "--name", name, "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "2", "--n_epochs_decay", "2",
            "--num_threads", "1", "--no_html", "--print_freq", "1", "--save_latest_freq", "2", "--save_epoch_freq", "1", "--seed", "5"];
}

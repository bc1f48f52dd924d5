using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>A run's save is one commit (state.json): what resume does with weights, a state, a damaged file or no state.</summary>
[Collection("Training runs")]
public class AtomicCommitTests
{
    private static string Continue(TinyRun run, string name, int epochs, Action<Pix2Pix.Gan.Options.TrainOptions>? change = null)
    {
        var opt = run.Options(name, epochs);
        opt.ContinueTrain = true;
        change?.Invoke(opt);
        var output = new StringWriter();
        using (var t = new Trainer(opt, output))
            t.Train();
        return output.ToString();
    }

    private static RunFolder Trained(TinyRun run, string name, int epochs)
    {
        var opt = run.Options(name, epochs);
        using (var t = new Trainer(opt, TextWriter.Null))
            t.Train();
        return new RunFolder(opt.RunDirectory);
    }

    [Fact]
    public void A_save_names_its_files_with_checksums_and_leaves_no_staged_file()
    {
        using var run = new TinyRun();
        var folder = Trained(run, "commit", epochs: 1);
        var manifest = RunManifest.Load(folder.Path)!;
        Assert.Equal(RunManifest.FromTraining, manifest.Origin);
        Assert.Equal(new TrainingPosition(1, 4, 4, EpochClosed: true), manifest.Position);
        Assert.Equal(["1_net_D.safetensors", "1_net_G.safetensors", "latest_net_D.safetensors", "latest_net_G.safetensors", "latest_train_state.safetensors"],
            manifest.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var f in manifest.Files)
            Assert.Equal(f.Hash, SaveIo.HashFile(Path.Combine(folder.Path, f.Name)));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public void Weights_without_a_training_state_are_refused_and_reset_optimizer_continues_keeping_the_snapshots()
    {
        using var run = new TinyRun();
        var folder = Trained(run, "nostate", epochs: 1);
        File.Delete(RunManifest.PathIn(folder.Path));
        File.Delete(folder.TrainStateFile("latest"));
        byte[] snapshot = File.ReadAllBytes(folder.NetworkFile("1", "G"));

        var refused = Assert.Throws<InvalidOperationException>(() => Continue(run, "nostate", epochs: 2));
        Assert.Contains("no training state", refused.Message);
        Assert.Contains("--reset_optimizer", refused.Message);
        Assert.Equal(snapshot, File.ReadAllBytes(folder.NetworkFile("1", "G")));

        string output = Continue(run, "nostate", epochs: 2, o => o.ResetOptimizer = true);
        Assert.Contains("optimizer state starts fresh at epoch 1", output);
        Assert.Contains("kept the existing epoch 1 snapshot", output);
        Assert.Equal(snapshot, File.ReadAllBytes(folder.NetworkFile("1", "G")));
        Assert.True(File.Exists(folder.NetworkFile("2", "G")));
        Assert.Equal(["1"], RunManifest.Load(folder.Path)!.KeptSnapshots);
        Assert.Contains("\"reset_optimizer\": false", File.ReadAllText(folder.OptionsJson));

        // The next plain continue is exact again (the reset made a state), and still keeps the old snapshot.
        string again = Continue(run, "nostate", epochs: 3);
        Assert.Contains("resuming from", again);
        Assert.Equal(snapshot, File.ReadAllBytes(folder.NetworkFile("1", "G")));
    }

    [Fact]
    public void Continuing_from_another_epoch_needs_reset_optimizer_and_a_run_without_any_save_starts_over()
    {
        using var run = new TinyRun();
        Trained(run, "other", epochs: 1);
        var ex = Assert.Throws<InvalidOperationException>(() => Continue(run, "other", epochs: 2, o => o.Epoch = "1"));
        Assert.Contains("continue without --epoch", ex.Message);
        Assert.Contains("continuing from the 1 networks", Continue(run, "other", epochs: 2, o => { o.Epoch = "1"; o.ResetOptimizer = true; }));

        // Killed before its first save: options.json and the log, no weights, no state.
        var empty = run.Options("empty", 1);
        Directory.CreateDirectory(empty.RunDirectory);
        File.WriteAllText(Path.Combine(empty.RunDirectory, ".latest_net_G.safetensors.g1.pending"), "half");
        string output = Continue(run, "empty", epochs: 1);
        Assert.Contains("training starts from the beginning", output);
        Assert.Contains("staged by a save that was interrupted", output);
    }

    [Fact]
    public void A_damaged_file_of_the_last_save_is_named_and_a_folder_from_before_manifests_still_resumes()
    {
        using var run = new TinyRun();
        var folder = Trained(run, "damaged", epochs: 1);
        string d = folder.NetworkFile("latest", "D");
        byte[] good = File.ReadAllBytes(d);
        byte[] bad = (byte[])good.Clone();
        bad[^3] ^= 0x10;
        File.WriteAllBytes(d, bad);
        var ex = Assert.Throws<InvalidDataException>(() => Continue(run, "damaged", epochs: 2));
        Assert.Contains("latest_net_D.safetensors does not match the run's last save", ex.Message);
        File.WriteAllBytes(d, good);

        File.WriteAllText(RunManifest.PathIn(folder.Path), "{ not json");
        var broken = Assert.Throws<InvalidDataException>(() => Continue(run, "damaged", epochs: 2));
        Assert.Contains("state.json is damaged", broken.Message);

        File.Delete(RunManifest.PathIn(folder.Path));
        Assert.Contains("saved before state.json existed", Continue(run, "damaged", epochs: 2));
    }

    [Fact]
    public void A_commit_killed_after_its_manifest_is_rolled_forward_on_resume()
    {
        using var run = new TinyRun();
        var full = Trained(run, "full", epochs: 2);

        var opt = run.Options("rolled", epochs: 2);
        // The 5th rename is the D file of the second save: the manifest has switched, G is in place, D and the state are staged.
        using (SaveIo.Inject(new WriteFault(SaveKind.Rename, 5, 0, Kill: false)))
        using (var t = new Trainer(opt, TextWriter.Null))
            Assert.Contains("is committed", Assert.Throws<IOException>(() => t.Train()).Message);
        var folder = new RunFolder(opt.RunDirectory);
        Assert.NotEmpty(Directory.GetFiles(folder.Path, ".*.pending"));

        Assert.Contains("resuming from", Continue(run, "rolled", epochs: 2));
        foreach (string name in new[] { "latest_net_G.safetensors", "latest_net_D.safetensors", "latest_train_state.safetensors", "1_net_G.safetensors", "2_net_D.safetensors" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(full.Path, name)), File.ReadAllBytes(Path.Combine(folder.Path, name)));
    }
}

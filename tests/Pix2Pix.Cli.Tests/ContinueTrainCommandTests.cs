namespace Pix2Pix.Cli.Tests;

[Collection("Cli training")]
public class ContinueTrainCommandTests
{
    [Fact]
    public void Continue_train_needs_only_the_name_and_may_extend_the_epochs()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var first = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "c", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0",
            "--max_dataset_size", "inf");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("training finished: 2 images seen", first.Output);

        // No --dataroot, --model or architecture flags: they come from the run's options.json.
        var second = DatasetsCli.Run("train", "--name", "c", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("resuming from", second.Output);
        Assert.Contains("training finished: 4 images seen", second.Output);
        Assert.Contains("\"n_epochs\": 2", File.ReadAllText(Path.Combine(tmp["ck"], "c", "options.json")));
        Assert.Contains("\"ngf\": 4", File.ReadAllText(Path.Combine(tmp["ck"], "c", "options.json")));
    }

    [Fact]
    public void Weights_without_a_training_state_exit_1_saying_what_to_do_and_reset_optimizer_continues()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var first = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "w", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0");
        Assert.True(first.Exit == 0, first.Error);
        string folder = Path.Combine(tmp["ck"], "w");
        File.Delete(Path.Combine(folder, "state.json"));
        File.Delete(Path.Combine(folder, "latest_train_state.safetensors"));

        var refused = DatasetsCli.Run("train", "--name", "w", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("has weights but no training state", refused.Error);
        Assert.Contains("--reset_optimizer", refused.Error);

        var reset = DatasetsCli.Run("train", "--name", "w", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2", "--reset_optimizer", "--epoch_count", "2");
        Assert.True(reset.Exit == 0, reset.Error);
        Assert.Contains("optimizer state starts fresh at epoch 2", reset.Output);
        Assert.True(File.Exists(Path.Combine(folder, "state.json")));

        var alone = DatasetsCli.Run("train", "--name", "w2", "--checkpoints_dir", tmp["ck"], "--dataroot", tmp["data"], "--reset_optimizer");
        Assert.Equal(2, alone.Exit);
        Assert.Contains("--reset_optimizer applies only with --continue_train", alone.Error);
    }
}

/// <summary>Issue 15 item 9: what a continue keeps, what it changes for good, and extending a finished run.</summary>
[Collection("Cli training")]
public class ContinueSemanticsTests
{
    private static string[] Tiny(string data, string ck, string name, string decay = "0") =>
    [
        "train", "--dataroot", data, "--name", name, "--checkpoints_dir", ck, "--model", "pix2pix", "--netG", "unet_128", "--ngf", "4", "--ndf", "4",
        "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", decay, "--save_epoch_freq", "1",
    ];

    private static string Json(DatasetsTempFolder tmp, string name) => File.ReadAllText(Path.Combine(tmp["ck"], name, "options.json"));

    [Fact]
    public void One_off_flags_apply_to_the_continue_only_and_run_flags_are_saved_with_the_change_printed()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var first = DatasetsCli.Run(Tiny(tmp["data"], tmp["ck"], "o"));
        Assert.True(first.Exit == 0, first.Error);

        var second = DatasetsCli.Run("train", "--name", "o", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2",
            "--max_dataset_size", "1", "--print_freq", "7", "--epoch", "latest", "--num_threads", "1");
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("continue: --n_epochs 1 -> 2 (saved in options.json)", second.Output);
        Assert.Contains("continue: --max_dataset_size 1 for this run only (options.json keeps inf)", second.Output);
        Assert.Contains("continue: --print_freq 7 for this run only (options.json keeps 100)", second.Output);
        Assert.Contains("training finished: 3 images seen", second.Output);   // 2 + 1: the subset applied to this run
        string json = Json(tmp, "o");
        Assert.Contains("\"n_epochs\": 2", json);
        Assert.Contains("\"max_dataset_size\": \"inf\"", json);
        Assert.Contains("\"print_freq\": 100", json);
        Assert.Contains("\"continue_train\": false", json);
        Assert.Contains("print_freq: 100", File.ReadAllText(Path.Combine(tmp["ck"], "o", "train_opt.txt")));
    }

    [Fact]
    public void A_saved_load_choice_is_never_reused_by_a_plain_continue()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "128").Exit);
        Assert.Equal(0, DatasetsCli.Run(Tiny(tmp["data"], tmp["ck"], "l")).Exit);
        // A folder written before the rule: an old continue saved "--epoch 1" for good.
        string file = Path.Combine(tmp["ck"], "l", "options.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"epoch\": \"latest\"", "\"epoch\": \"nonexistent\"", StringComparison.Ordinal));
        var r = DatasetsCli.Run("train", "--name", "l", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.True(r.Exit == 0, r.Error);
        Assert.Contains("latest_train_state", r.Output);
    }

    [Fact]
    public void Extending_a_finished_run_trains_its_first_added_epoch_at_the_rate_the_new_schedule_gives()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "128").Exit);
        var first = DatasetsCli.Run(Tiny(tmp["data"], tmp["ck"], "x", decay: "1"));
        Assert.True(first.Exit == 0, first.Error);
        // Epoch 1 at 0.0002, epoch 2 (the decay) at 0.0001; the end of the run says so instead of "-> 0".
        Assert.Contains("learning rate 0.0002000 -> 0.0001000", first.Output);
        Assert.Contains("learning rate 0.0001000 (the last epoch's; the schedule ends here)", first.Output);

        // Two more decay epochs: LambdaLR with n_epochs 1, n_epochs_decay 3 gives epoch 3 the rate 1 - 2/4 = 0.5 × 0.0002.
        var more = DatasetsCli.Run("train", "--name", "x", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs_decay", "3");
        Assert.True(more.Exit == 0, more.Error);
        Assert.Contains("continue: learning rate 0.0000000 -> 0.0001000 for epoch 3", more.Output);
        Assert.Contains("learning rate 0.0001000 -> 0.0000500", more.Output);
        Assert.Contains("learning rate 0.0000500 (the last epoch's; the schedule ends here)", more.Output);
        Assert.Contains("End of epoch 4 / 4", more.Output);
    }

    [Fact]
    public void Continuing_a_finished_run_without_more_epochs_says_how_to_extend_and_exits_non_zero_changing_nothing()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "128").Exit);
        Assert.Equal(0, DatasetsCli.Run(Tiny(tmp["data"], tmp["ck"], "f")).Exit);
        string folder = Path.Combine(tmp["ck"], "f");
        var before = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);

        var r = DatasetsCli.Run("train", "--name", "f", "--checkpoints_dir", tmp["ck"], "--continue_train", "--max_dataset_size", "1");
        Assert.Equal(2, r.Exit);
        Assert.Contains("has already trained epoch 1 of 1", r.Error);
        Assert.Contains("--continue_train --n_epochs_decay 10", r.Error);
        Assert.DoesNotContain("training finished", r.Output);
        foreach (var (file, bytes) in before)
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{file} changed");
    }
}

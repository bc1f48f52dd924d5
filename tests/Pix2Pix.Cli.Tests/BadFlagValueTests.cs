namespace Pix2Pix.Cli.Tests;

/// <summary>Every flag has a range, checked before anything runs: a bad value exits 2 naming the flag (issue 15, items 8 and 10).</summary>
[Collection("Cli training")]
public class BadFlagValueTests
{
    private const string NoData = "/nonexistent-pix2pix-dataroot";

    public static TheoryData<string, string[]> BadTrainValues => new()
    {
        { "--save_epoch_freq", ["--save_epoch_freq", "0"] },
        { "--save_epoch_freq", ["--save_epoch_freq", "-1"] },
        { "--lambda_L1", ["--lambda_L1", "NaN"] },
        { "--lambda_L1", ["--lambda_L1", "-1"] },
        { "--lambda_A", ["--model", "cycle_gan", "--lambda_A", "Infinity"] },
        { "--init_gain", ["--init_gain", "NaN"] },
        { "--init_gain", ["--init_gain", "0"] },
        { "--n_epochs", ["--n_epochs", "2147483647"] },
        { "--n_epochs", ["--n_epochs", "99999999999"] },
        { "--n_epochs", ["--n_epochs", "0", "--n_epochs_decay", "0"] },
        { "--n_epochs_decay", ["--n_epochs_decay", "-3"] },
        { "--epoch_count", ["--n_epochs", "10", "--n_epochs_decay", "0", "--epoch_count", "50"] },
        { "--epoch_count", ["--epoch_count", "0"] },
        { "--name", ["--name", ""] },
        { "--name", ["--name", "../elsewhere"] },
        { "--name", ["--name", ".."] },
        { "--checkpoints_dir", ["--checkpoints_dir", " "] },
        { "--load_size", ["--load_size", "20000"] },
        { "--crop_size", ["--crop_size", "0"] },
        { "--print_freq", ["--print_freq", "-5"] },
        { "--display_freq", ["--display_freq", "0"] },
        { "--update_html_freq", ["--update_html_freq", "-1"] },
        { "--save_latest_freq", ["--save_latest_freq", "0"] },
        { "--load_iter", ["--load_iter", "-1"] },
        { "--n_layers_D", ["--n_layers_D", "12"] },
        { "--n_layers_D", ["--netD", "n_layers", "--n_layers_D", "7"] },
        { "--n_layers_D", ["--netD", "n_layers", "--n_layers_D", "0"] },
        { "--lr", ["--lr", "-0.1"] },
        { "--lr", ["--lr", "NaN"] },
        { "--lr", ["--lr", "1e40"] },
        { "--beta1", ["--beta1", "1"] },
        { "--batch_size", ["--batch_size", "0"] },
        { "--num_threads", ["--num_threads", "0"] },
        { "--max_dataset_size", ["--max_dataset_size", "0"] },
        { "--ngf", ["--ngf", "0"] },
        { "--ndf", ["--ndf", "-8"] },
        { "--input_nc", ["--input_nc", "0"] },
        { "--pool_size", ["--pool_size", "-1"] },
        { "--lr_decay_iters", ["--lr_decay_iters", "0"] },
        { "--display_winsize", ["--display_winsize", "0"] },
        { "--epoch", ["--epoch", ""] },
        { "--phase", ["--phase", "a/b"] },
        { "--suffix", ["--suffix", "/x"] },
        { "--z_dim", ["--model", "gan", "--z_dim", "0"] },
        // The rest of each flag's range: the other end, non-numbers, overflow.
        { "--crop_size", ["--model", "pix2pix", "--crop_size", "4096", "--load_size", "4096", "--batch_size", "64"] },   // memory estimate
        { "--crop_size", ["--crop_size", "4097"] },
        { "--load_size", ["--load_size", "0"] },
        { "--load_size", ["--load_size", "abc"] },
        { "--ngf", ["--ngf", "4097"] },
        { "--ndf", ["--ndf", "1.5"] },
        { "--input_nc", ["--input_nc", "4"] },
        { "--output_nc", ["--output_nc", "0"] },
        { "--batch_size", ["--batch_size", "4097"] },
        { "--num_threads", ["--num_threads", "1025"] },
        { "--display_winsize", ["--display_winsize", "4097"] },
        { "--pool_size", ["--pool_size", "100001"] },
        { "--beta1", ["--beta1", "-0.1"] },
        { "--beta1", ["--beta1", "NaN"] },
        { "--init_gain", ["--init_gain", "101"] },
        { "--init_gain", ["--init_gain", "-Infinity"] },
        { "--lr", ["--lr", "0"] },
        { "--lr", ["--lr", "Infinity"] },
        { "--lr_decay_iters", ["--lr_decay_iters", "1000001"] },
        { "--epoch_count", ["--epoch_count", "1000001"] },
        { "--n_epochs", ["--n_epochs", "-1"] },
        { "--n_epochs", ["--n_epochs", "1000001"] },
        { "--n_epochs_decay", ["--n_epochs_decay", "1000001"] },
        { "--max_dataset_size", ["--max_dataset_size", "-1"] },
        { "--max_dataset_size", ["--max_dataset_size", "2147483648"] },
        { "--print_freq", ["--print_freq", "0"] },
        { "--display_freq", ["--display_freq", "99999999999"] },
        { "--save_latest_freq", ["--save_latest_freq", "-1"] },
        { "--save_epoch_freq", ["--save_epoch_freq", "x"] },
        { "--seed", ["--seed", "1e99"] },
        { "--seed", ["--seed", "2147483648"] },
        { "--lambda_L1", ["--lambda_L1", "Infinity"] },
        { "--lambda_B", ["--model", "cycle_gan", "--lambda_B", "NaN"] },
        { "--lambda_identity", ["--model", "cycle_gan", "--lambda_identity", "-0.5"] },
        { "--n_critic", ["--model", "wgangp", "--n_critic", "0"] },
        { "--lambda_gp", ["--model", "wgangp", "--lambda_gp", "NaN"] },
        { "--num_classes", ["--model", "cgan", "--num_classes", "1"] },
        { "--num_classes", ["--model", "cgan", "--num_classes", "1001"] },
        { "--epsilon_d", ["--model", "progan", "--epsilon_d", "NaN"] },
        { "--netG", ["--netG", "unet_999"] },
        { "--gan_mode", ["--gan_mode", "hinge"] },
        { "--lr_policy", ["--lr_policy", "exp"] },
        { "--norm", ["--norm", "group"] },
        { "--model", ["--model", "nope"] },
        { "--direction", ["--direction", "atob"] },
        { "--preprocess", ["--preprocess", "zoom"] },
        { "--epoch", ["--epoch", "../1"] },
        { "--name", ["--name", "a/b"] },
    };

    public static TheoryData<string, string[]> BadTestValues => new()
    {
        { "--num_test", ["--num_test", "0"] },
        { "--num_test", ["--num_test", "-2"] },
        { "--aspect_ratio", ["--aspect_ratio", "-1"] },
        { "--aspect_ratio", ["--aspect_ratio", "NaN"] },
        { "--results_dir", ["--results_dir", ""] },
        { "--phase", ["--phase", "../test"] },
        { "--model_suffix", ["--model_suffix", "_A/.."] },
        { "--load_iter", ["--load_iter", "-1"] },
        { "--name", ["--name", ""] },
        { "--aspect_ratio", ["--aspect_ratio", "0"] },
        { "--aspect_ratio", ["--aspect_ratio", "101"] },
        { "--aspect_ratio", ["--aspect_ratio", "Infinity"] },
        { "--num_test", ["--num_test", "x"] },
        { "--num_test", ["--num_test", "2147483648"] },
        { "--results_dir", ["--results_dir", " "] },
        { "--epoch", ["--epoch", ""] },
        { "--crop_size", ["--crop_size", "0"] },
        { "--max_dataset_size", ["--max_dataset_size", "0"] },
    };

    [Theory]
    [MemberData(nameof(BadTrainValues))]
    public void Train_refuses_a_bad_value_with_exit_2_naming_the_flag(string flag, string[] args)
    {
        var r = DatasetsCli.Run(["train", "--dataroot", NoData, .. args]);
        Assert.True(r.Exit == 2, $"exit {r.Exit}; error: {r.Error}");
        Assert.Contains(flag, r.Error);
        Assert.DoesNotContain("Did you mean", r.Error);
        Assert.DoesNotContain("Exception", r.Error);
    }

    /// <summary>Flags whose values are each in range but do not go together: refused before anything runs (exit 1, as the other combination checks).</summary>
    public static TheoryData<string, string[]> BadCombinations => new()
    {
        { "--depth_scales", ["--model", "progan", "--crop_size", "32", "--load_size", "32", "--depth_scales", "8,8"] },
        { "--alpha_size_jumps", ["--model", "progan", "--crop_size", "8", "--load_size", "8", "--depth_scales", "8,8", "--max_iter_at_scale", "2,2", "--alpha_n_jumps", "0,3", "--alpha_size_jumps", "0,0"] },
        { "--crop_size", ["--model", "progan", "--crop_size", "48", "--load_size", "48"] },
    };

    [Theory]
    [MemberData(nameof(BadCombinations))]
    public void Train_refuses_flags_that_do_not_go_together_naming_them(string flag, string[] args)
    {
        var r = DatasetsCli.Run(["train", "--dataroot", NoData, .. args]);
        Assert.True(r.Exit == 1, $"exit {r.Exit}; error: {r.Error}");
        Assert.Contains(flag, r.Error);
        Assert.DoesNotContain("Exception", r.Error);
    }

    [Theory]
    [MemberData(nameof(BadTestValues))]
    public void Test_refuses_a_bad_value_with_exit_2_naming_the_flag(string flag, string[] args)
    {
        var r = DatasetsCli.Run(["test", "--dataroot", NoData, "--checkpoints_dir", "/nonexistent-pix2pix-checkpoints", .. args]);
        Assert.True(r.Exit == 2, $"exit {r.Exit}; error: {r.Error}");
        Assert.Contains(flag, r.Error);
    }

    [Fact]
    public void The_reference_flags_with_no_meaning_here_are_accepted_with_a_note_and_not_saved()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "1", "--size", "128").Exit);
        var r = DatasetsCli.Run("train", "--dataroot", tmp["data"], "--name", "ref", "--checkpoints_dir", tmp["ck"], "--model", "pix2pix",
            "--netG", "unet_128", "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "0",
            "--gpu_ids", "-1", "--display_id", "0", "--display_port", "8097", "--display_server", "http://localhost", "--display_env", "main",
            "--display_ncols", "4", "--use_wandb", "--wandb_project_name", "p");
        Assert.True(r.Exit == 0, r.Error);
        foreach (string flag in new[] { "--gpu_ids", "--display_id", "--display_port", "--display_server", "--display_env", "--display_ncols", "--use_wandb", "--wandb_project_name" })
            Assert.Contains($"note: {flag} is a flag of the reference that has no effect here", r.Error);
        Assert.Contains("CPU", r.Error);
        Assert.DoesNotContain("gpu_ids", File.ReadAllText(Path.Combine(tmp["ck"], "ref", "options.json")));
    }
}

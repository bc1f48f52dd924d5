using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Pix2Pix.Cli.Tests.Dashboard;

/// <summary>What training writes for the dashboard (status.json, metrics.jsonl) and <c>train --serve</c>.</summary>
[Collection("Cli training")]
public class TrainHeartbeatTests
{
    private static string[] TinyTrain(string data, string checkpoints, string name, params string[] more) =>
    [
        "train", "--dataroot", data, "--name", name, "--checkpoints_dir", checkpoints, "--model", "pix2pix", "--netG", "unet_128",
        "--ngf", "4", "--ndf", "4", "--load_size", "128", "--crop_size", "128", "--n_epochs", "1", "--n_epochs_decay", "1", "--print_freq", "1", .. more,
    ];

    [Fact]
    public void Training_writes_a_finished_heartbeat_and_a_metrics_line_per_write_and_a_continue_appends_to_them()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var run = DatasetsCli.Run(TinyTrain(tmp["data"], tmp["ck"], "hb"));
        Assert.True(run.Exit == 0, run.Error);
        string dir = Path.Combine(tmp["ck"], "hb");
        using (var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "status.json"))))
        {
            var s = status.RootElement;
            Assert.Equal("finished", s.GetProperty("status").GetString());
            Assert.Equal(2, s.GetProperty("epoch").GetInt32());
            Assert.Equal(2, s.GetProperty("last_epoch").GetInt32());
            Assert.Equal(2, s.GetProperty("dataset_size").GetInt32());
            Assert.Equal(4, s.GetProperty("total_iters").GetInt64());
            Assert.True(s.GetProperty("rss_bytes").GetInt64() > 0);
            Assert.Equal(["D_fake", "D_real", "G_GAN", "G_L1"], s.GetProperty("losses").EnumerateObject().Select(p => p.Name).Order());
        }
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"));
        Assert.True(lines.Length >= 2, string.Join('\n', lines));
        Assert.Contains("\"status\":\"running\"", lines[0], StringComparison.Ordinal);

        var more = DatasetsCli.Run("train", "--name", "hb", "--checkpoints_dir", tmp["ck"], "--continue_train", "--n_epochs", "2");
        Assert.True(more.Exit == 0, more.Error);
        Assert.True(File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length >= lines.Length + 2);
        Assert.Contains("\"total_iters\":6", File.ReadAllText(Path.Combine(dir, "status.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_fails_says_crashed_with_the_error_in_its_heartbeat()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var run = DatasetsCli.Run(TinyTrain(tmp["data"], tmp["ck"], "boom", "--lr", "1e30"));
        Assert.Equal(1, run.Exit);
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp["ck"], "boom", "status.json")));
        Assert.Equal("crashed", status.RootElement.GetProperty("status").GetString());
        Assert.Contains("diverged", status.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_serve_prints_the_dashboard_address_and_a_dashboard_that_cannot_start_does_not_stop_training()
    {
        using var tmp = new DatasetsTempFolder();
        Assert.Equal(0, DatasetsCli.Run("datasets", "make-synthetic", "--out", tmp["data"], "--count", "2", "--size", "128").Exit);
        var served = DatasetsCli.Run(TinyTrain(tmp["data"], tmp["ck"], "served", "--serve", "--port", "0"));
        Assert.True(served.Exit == 0, served.Error);
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/", served.Output);
        Assert.Contains("dashboard stopped with the training", served.Output, StringComparison.Ordinal);

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var blocked = DatasetsCli.Run(TinyTrain(tmp["data"], tmp["ck"], "blocked", "--serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(blocked.Exit == 0, blocked.Error);
        Assert.Contains("warning: the dashboard did not start", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("training finished", blocked.Output, StringComparison.Ordinal);
    }
}

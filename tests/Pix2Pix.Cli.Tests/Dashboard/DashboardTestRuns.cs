using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pix2Pix.Cli.Dashboard;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Gan.Options;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests.Dashboard;

/// <summary>A checkpoints folder the dashboard tests write runs into, as training would, and delete on dispose.</summary>
internal sealed class DashboardTestRuns : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pix2pix-dashboard-tests", Guid.NewGuid().ToString("N"));

    public string Checkpoints => Path.Combine(Root, "checkpoints");

    public string Results => Path.Combine(Root, "results");

    public DashboardTestRuns() => Directory.CreateDirectory(Checkpoints);

    public string RunDir(string name) => Path.Combine(Checkpoints, name);

    /// <summary>A pix2pix run with options.json and a tiny unet_128 generator (ngf 2, random weights) saved as latest.</summary>
    public void WriteGeneratorRun(string name)
    {
        string dir = RunDir(name);
        Directory.CreateDirectory(dir);
        var options = new TrainOptions { Name = name, Model = "pix2pix", NetG = "unet_128", Ngf = 2, Ndf = 2, LoadSize = 128, CropSize = 128 };
        options.ApplyModelDefaults(new HashSet<string>(StringComparer.Ordinal) { "netG", "ngf", "ndf", "load_size", "crop_size", "name" });
        File.WriteAllText(Path.Combine(dir, "options.json"), OptionsFile.ToJson(options));
        var g = NetworkFactory.DefineG(3, 3, 2, "unet_128", options.Norm, !options.NoDropout, "normal", 0.02f, new Rng(1), new Rng(2));
        Checkpoint.Save(Path.Combine(dir, "latest_net_G.safetensors"), g.StateDict());
    }

    /// <summary>options.json with the given values (the rest of a pix2pix run's defaults).</summary>
    public void WriteOptions(string name, string model = "pix2pix", double lr = 0.0002)
    {
        Directory.CreateDirectory(RunDir(name));
        var options = new TrainOptions { Name = name, Model = model, Lr = (float)lr };
        options.ApplyModelDefaults(new HashSet<string>(StringComparer.Ordinal) { "name", "lr" });
        File.WriteAllText(Path.Combine(RunDir(name), "options.json"), OptionsFile.ToJson(options));
    }

    /// <summary>A session header, as the Trainer writes at every start and --continue_train.</summary>
    public void StartSession(string name) =>
        File.AppendAllText(Path.Combine(RunDir(name), "loss_log.txt"), "================ Training Loss (Thu Dec 3 09:00:00 2026) ================\n");

    public void LogLoss(string name, int epoch, int iters, double gGan, double gL1) =>
        File.AppendAllText(Path.Combine(RunDir(name), "loss_log.txt"),
            string.Create(CultureInfo.InvariantCulture, $"(epoch: {epoch}, iters: {iters}, time: 0.050, data: 0.001) G_GAN: {gGan:F3} G_L1: {gL1:F3} D_real: 0.500 D_fake: 0.400 \n"));

    /// <summary>status.json as the heartbeat writes it; <paramref name="age"/> back-dates the heartbeat.</summary>
    public void WriteStatus(string name, string status, int epoch, TimeSpan age = default, int datasetSize = 4)
    {
        var beat = DateTime.UtcNow - age;
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = name, ["model"] = "pix2pix", ["status"] = status, ["heartbeat"] = beat.ToString("o", CultureInfo.InvariantCulture),
            ["time"] = (beat - DateTime.UnixEpoch).TotalSeconds, ["epoch"] = epoch, ["last_epoch"] = 10, ["batch"] = 2, ["batches"] = 4,
            ["dataset_size"] = datasetSize, ["total_iters"] = epoch * 4, ["steps_per_sec"] = 3.5, ["eta_sec"] = 120.0, ["cpu_percent"] = 90.0,
            ["rss_bytes"] = 200_000_000L, ["lr"] = 0.0002, ["losses"] = new Dictionary<string, double> { ["G_GAN"] = 0.7 },
        });
        File.WriteAllText(Path.Combine(RunDir(name), "status.json"), json);
        File.AppendAllText(Path.Combine(RunDir(name), "metrics.jsonl"), json + "\n");
    }

    /// <summary>metrics.jsonl lines every 2 s over the last <paramref name="count"/> writes, as a running heartbeat leaves them.</summary>
    public void WriteMetricsHistory(string name, int count, double cpu, double stepsPerSecond)
    {
        var start = DateTime.UtcNow - TimeSpan.FromSeconds(2 * count);
        var lines = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            double t = (start - DateTime.UnixEpoch).TotalSeconds + 2 * i;
            lines.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["status"] = "running", ["time"] = t, ["epoch"] = 1 + i * 3 / count, ["total_iters"] = i,
                ["steps_per_sec"] = stepsPerSecond + 0.3 * Math.Sin(i), ["cpu_percent"] = cpu + 5 * Math.Cos(i * 0.7),
                ["rss_bytes"] = 180_000_000L + i * 400_000L, ["lr"] = i < count / 2 ? 0.0002 : 0.0002 * (count - i) / (count / 2.0),
                ["losses"] = new Dictionary<string, double> { ["G_GAN"] = 0.9 - 0.01 * i, ["G_L1"] = 40.0 / (1 + 0.1 * i) },
            })).Append('\n');
        }
        File.AppendAllText(Path.Combine(RunDir(name), "metrics.jsonl"), lines.ToString());
    }

    /// <summary>web/images/epochNNN_&lt;label&gt;.png in one flat colour per epoch.</summary>
    public void WriteEpochImages(string name, int epoch, params string[] labels)
    {
        string images = Path.Combine(RunDir(name), "web", "images");
        Directory.CreateDirectory(images);
        foreach (string label in labels)
            ImageCodecs.SavePng(Flat(16, 16, (byte)(epoch * 40), 80, 160), Path.Combine(images, $"epoch{epoch:D3}_{label}.png"));
    }

    public static Image Flat(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = r;
            pixels[i + 1] = g;
            pixels[i + 2] = b;
        }
        return new Image(width, height, 3, pixels);
    }

    public static byte[] Png(int width, int height) => ImageCodecs.EncodePng(Flat(width, height, 200, 100, 50));

    public DashboardOptions Options(string? host = null, string? token = null) => new()
    {
        CheckpointsDir = Checkpoints,
        ResultsDir = Results,
        Host = host ?? "127.0.0.1",
        Port = 0,
        Token = token,
        PollInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Sends one raw request line (no client-side path normalisation) and returns the status code.</summary>
    public static async Task<int> RawGet(Uri server, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        using var stream = client.GetStream();
        byte[] request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string status = await reader.ReadLineAsync() ?? "";
        return int.Parse(status.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root))
                Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a browser or server still closing a file: the temp folder is cleaned later
        }
    }
}

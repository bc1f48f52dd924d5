using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pix2Pix.Cli.Dashboard;
using Pix2Pix.Imaging;

namespace Pix2Pix.Cli.Tests.Dashboard;

/// <summary>The dashboard's HTTP API on a real Kestrel (port 0) over run folders the tests write.</summary>
public class DashboardServerTests
{
    private static Uri Local(DashboardServer server) => new($"http://127.0.0.1:{server.Address.Port}/");

    private static HttpClient Client(DashboardServer server) => new() { BaseAddress = Local(server), Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Runs_table_shows_every_run_with_its_status_and_a_stale_running_heartbeat_as_crashed()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("alive");
        runs.WriteStatus("alive", "running", 3);
        runs.WriteOptions("killed");
        runs.WriteStatus("killed", "running", 2, age: TimeSpan.FromMinutes(10));
        runs.WriteOptions("done");
        runs.WriteStatus("done", "finished", 10);
        runs.WriteOptions("old");   // a run from before the heartbeat: no status.json
        runs.StartSession("old");
        runs.LogLoss("old", 1, 4, 0.7, 20);
        Directory.CreateDirectory(Path.Combine(runs.Checkpoints, "not-a-run"));
        await using var server = await DashboardServer.StartAsync(runs.Options());
        using var client = Client(server);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/runs"));
        var rows = doc.RootElement.GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
        Assert.Equal(["alive", "done", "killed", "old"], rows.Keys.Order());
        Assert.Equal("running", rows["alive"].GetProperty("status").GetString());
        Assert.Equal(3, rows["alive"].GetProperty("epoch").GetInt32());
        Assert.Equal(120, rows["alive"].GetProperty("eta_sec").GetDouble());
        Assert.Equal("crashed", rows["killed"].GetProperty("status").GetString());
        Assert.Equal("finished", rows["done"].GetProperty("status").GetString());
        Assert.Equal("idle", rows["old"].GetProperty("status").GetString());
        Assert.Equal(20, rows["old"].GetProperty("losses").GetProperty("G_L1").GetDouble());
    }

    [Fact]
    public async Task Run_page_data_keeps_every_training_session_of_the_loss_log_and_lists_epochs_and_test_metrics()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("r");
        runs.StartSession("r");
        runs.LogLoss("r", 1, 2, 0.9, 30);
        runs.LogLoss("r", 1, 4, 0.8, 25);
        runs.StartSession("r");   // --continue_train appends a new header
        runs.LogLoss("r", 2, 2, 0.7, 20);
        runs.WriteEpochImages("r", 1, "real_A", "fake_B");
        runs.WriteEpochImages("r", 2, "real_A", "fake_B");
        Directory.CreateDirectory(Path.Combine(runs.Results, "r", "test_latest"));
        File.WriteAllText(Path.Combine(runs.Results, "r", "test_latest", "metrics.json"), """{"images": 2, "l1": 0.25, "psnr": 18.5, "ssim": 0.6}""");
        await using var server = await DashboardServer.StartAsync(runs.Options());
        using var client = Client(server);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/runs/r"));
        var losses = doc.RootElement.GetProperty("losses");
        Assert.Equal(2, losses.GetProperty("sessions").GetArrayLength());
        var points = losses.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Count);
        // [epoch, iters, total images, session, G_GAN, G_L1, …]; the dataset size (4) comes from the closed epoch 1
        Assert.Equal([2, 4, 6], points.Select(p => p[2].GetInt64()));
        Assert.Equal([0, 0, 1], points.Select(p => p[3].GetInt32()));
        Assert.Equal(20, points[2][5].GetDouble());
        var epochs = doc.RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Equal([1, 2], epochs.Select(e => e.GetProperty("epoch").GetInt32()));
        string url = epochs[1].GetProperty("images")[0].GetProperty("url").GetString()!;
        Assert.StartsWith("/files/r/web/images/epoch002_", url, StringComparison.Ordinal);
        using var image = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var test = doc.RootElement.GetProperty("tests")[0];
        Assert.Equal("test_latest", test.GetProperty("phase").GetString());
        Assert.Equal(18.5, test.GetProperty("psnr").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/runs/missing")).StatusCode);
    }

    [Fact]
    public async Task Lines_being_appended_are_read_when_whole_and_a_rewritten_log_is_read_afresh()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("r");
        runs.StartSession("r");
        runs.LogLoss("r", 1, 1, 0.9, 30);
        await using var server = await DashboardServer.StartAsync(runs.Options());
        using var client = Client(server);
        async Task<int> Points()
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/runs/r"));
            return doc.RootElement.GetProperty("losses").GetProperty("points").GetArrayLength();
        }

        Assert.Equal(1, await Points());
        string log = Path.Combine(runs.RunDir("r"), "loss_log.txt");
        File.AppendAllText(log, "(epoch: 1, iters: 2, time: 0.050, data: 0.001) G_GAN: 0.8");   // torn: no end of line yet
        Assert.Equal(1, await Points());
        File.AppendAllText(log, "00 G_L1: 20.000 \n");
        Assert.Equal(2, await Points());
        using (var doc = JsonDocument.Parse(await client.GetStringAsync("/api/runs/r")))
            Assert.Equal(0.8, doc.RootElement.GetProperty("losses").GetProperty("points")[1][4].GetDouble());
        File.WriteAllText(log, "");   // a new run under the same name
        runs.StartSession("r");
        Assert.Equal(0, await Points());
    }

    [Fact]
    public async Task Only_files_under_the_checkpoints_folder_are_served_and_folders_are_never_listed()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("r");
        runs.WriteEpochImages("r", 1, "real_A");
        File.WriteAllText(Path.Combine(runs.Root, "secret.txt"), "outside");
        await using var server = await DashboardServer.StartAsync(runs.Options());
        var address = Local(server);

        Assert.Equal(200, await DashboardTestRuns.RawGet(address, "/files/r/web/images/epoch001_real_A.png"));
        Assert.Equal(200, await DashboardTestRuns.RawGet(address, "/files/r/options.json"));
        string[] refused =
        [
            "/files/r/../../secret.txt", "/files/../secret.txt", "/files/r/%2e%2e/%2e%2e/secret.txt", "/files/r/..%2f..%2fsecret.txt",
            "/files/r/%2E%2E%2F%2E%2E%2Fsecret.txt", "/files/r/..%5c..%5csecret.txt", "/files/%2ftmp%2fsecret.txt", "/files//etc/passwd",
            "/files/r//etc/passwd", "/files/r/%252e%252e/secret.txt", "/files/r/web", "/files/r/web/images/", "/files/r", "/files/",
            "/files/r/" + Uri.EscapeDataString(Path.Combine(runs.Root, "secret.txt")), "/../secret.txt", "/secret.txt", "/web",
        ];
        foreach (string target in refused)
            Assert.True(await DashboardTestRuns.RawGet(address, target) == 404, target);
        Assert.Null(DashboardServer.SafeFile(runs.Checkpoints, "/files/r/C:/x"));
    }

    [Fact]
    public async Task Another_host_needs_the_token_on_every_request_and_a_given_token_is_required_everywhere()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("r");
        await using (var open = await DashboardServer.StartAsync(runs.Options(host: "0.0.0.0")))
        {
            Assert.NotNull(open.Token);
            Assert.Contains("?token=" + open.Token, open.BrowserUrl, StringComparison.Ordinal);
            using var client = Client(open);
            foreach (string path in new[] { "/", "/api/runs", "/api/runs/r", "/files/r/options.json", "/api/events", "/app.js" })
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs?token=wrong-token")).StatusCode);
            using var withQuery = await client.GetAsync("/?token=" + open.Token);
            Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
            Assert.Contains(withQuery.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pix2pix_token=", StringComparison.Ordinal));
            using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", open.Token);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        }
        await using var loopback = await DashboardServer.StartAsync(runs.Options(token: "given-token-123"));
        using var local = Client(loopback);
        Assert.Equal(HttpStatusCode.Unauthorized, (await local.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await local.GetAsync("/api/runs?token=given-token-123")).StatusCode);
        await using var plain = await DashboardServer.StartAsync(runs.Options());
        Assert.Null(plain.Token);
    }

    [Fact]
    public async Task Try_it_translates_an_upload_of_any_size_and_refuses_too_many_bytes_or_pixels_with_413()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteGeneratorRun("tiny");
        var options = runs.Options();
        await using var server = await DashboardServer.StartAsync(new DashboardOptions
        {
            CheckpointsDir = options.CheckpointsDir, ResultsDir = options.ResultsDir, Port = 0, MaxUploadBytes = 40_000, MaxPixels = 300 * 300,
        });
        using var client = Client(server);

        using var ok = await client.PostAsync("/api/runs/tiny/translate?fit=pad", new ByteArrayContent(DashboardTestRuns.Png(100, 70)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var result = ImageCodecs.Decode(await ok.Content.ReadAsByteArrayAsync(), "answer");
        Assert.Equal((100, 70), (result.Width, result.Height));
        using var resized = await client.PostAsync("/api/runs/tiny/translate?fit=resize", new ByteArrayContent(DashboardTestRuns.Png(90, 90)));
        Assert.Equal(HttpStatusCode.OK, resized.StatusCode);

        var noise = new byte[50_000];
        new Random(1).NextBytes(noise);
        using var tooBig = await client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(noise));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("above the limit of 40,000 bytes", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooMany = await client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(DashboardTestRuns.Png(400, 400)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Contains("too large", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var notImage = await client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent("hello"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, notImage.StatusCode);
        using var badEpoch = await client.PostAsync("/api/runs/tiny/translate?epoch=../x", new ByteArrayContent(DashboardTestRuns.Png(8, 8)));
        Assert.Equal(HttpStatusCode.BadRequest, badEpoch.StatusCode);
        using var noRun = await client.PostAsync("/api/runs/none/translate", new ByteArrayContent(DashboardTestRuns.Png(8, 8)));
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);
    }

    [Fact]
    public async Task Try_it_answers_429_when_every_slot_and_the_queue_are_taken_and_503_after_the_timeout()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteGeneratorRun("tiny");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int entered = 0;
        await using var server = await DashboardServer.StartAsync(new DashboardOptions
        {
            CheckpointsDir = runs.Checkpoints, ResultsDir = runs.Results, Port = 0, TranslateSlots = 1, QueueLength = 1,
            TranslateTimeout = TimeSpan.FromSeconds(30),
            TranslateGate = () => { Interlocked.Increment(ref entered); return gate.Task; },
        });
        using var client = Client(server);
        byte[] png = DashboardTestRuns.Png(32, 32);

        var running = client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(png));
        while (Volatile.Read(ref entered) == 0)
            await Task.Delay(10);
        var queued = client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(png));
        await Task.Delay(200);
        using var refused = await client.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(png));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Contains("busy", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        gate.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);

        await using var slow = await DashboardServer.StartAsync(new DashboardOptions
        {
            CheckpointsDir = runs.Checkpoints, ResultsDir = runs.Results, Port = 0, TranslateSlots = 1,
            TranslateTimeout = TimeSpan.FromMilliseconds(300), TranslateGate = () => Task.Delay(3000),
        });
        using var slowClient = Client(slow);
        using var late = await slowClient.PostAsync("/api/runs/tiny/translate", new ByteArrayContent(png));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
        Assert.Contains("longer than", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_send_the_runs_table_and_name_a_run_when_its_loss_log_grows()
    {
        using var runs = new DashboardTestRuns();
        runs.WriteOptions("live");
        runs.StartSession("live");
        await using var server = await DashboardServer.StartAsync(runs.Options());
        using var client = Client(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        async Task<string> NextEvent(string name)
        {
            while (true)
            {
                string? line = await reader.ReadLineAsync(cancel.Token);
                Assert.NotNull(line);
                if (line == "event: " + name)
                    return (await reader.ReadLineAsync(cancel.Token))!;
            }
        }

        Assert.Contains("\"name\":\"live\"", await NextEvent("runs"), StringComparison.Ordinal);
        await Task.Delay(300);
        runs.LogLoss("live", 1, 1, 0.5, 10);
        Assert.Equal("data: {\"name\":\"live\"}", await NextEvent("run"));
    }

    [Fact]
    public async Task The_page_and_its_script_are_ours_with_a_strict_content_policy_and_unknown_paths_are_404()
    {
        using var runs = new DashboardTestRuns();
        await using var server = await DashboardServer.StartAsync(runs.Options());
        using var client = Client(server);
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/app.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);   // nothing from a CDN
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("EventSource", await client.GetStringAsync("/app.js"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nothing")).StatusCode);
    }
}

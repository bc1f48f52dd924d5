using Microsoft.Playwright;
using Pix2Pix.Cli.Dashboard;

namespace Pix2Pix.Cli.Tests.Dashboard;

/// <summary>
/// One chromium (Debian's, as Playwright cannot download its own here) and one dashboard for the browser tests. No
/// chromium is a failure that says how to install it, never a skip. With PIX2PIX_DASHBOARD_SCREENSHOTS=&lt;folder&gt; the
/// tests also save the screenshots docs/images shows.
/// </summary>
public sealed class DashboardBrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    internal DashboardTestRuns Runs { get; } = new();

    internal DashboardServer Server { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Url(string hash) => $"http://127.0.0.1:{Server.Address.Port}/{hash}";

    public static string? ScreenshotDir => Environment.GetEnvironmentVariable("PIX2PIX_DASHBOARD_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"The dashboard's browser tests need chromium at {Chromium}: install it with 'sudo apt-get install -y chromium' (.ci/run does this when it can).");
        // two runs to compare, with three epochs of visuals each, and a generator for try-it
        foreach (var (name, lr, scale) in new[] { ("facades_a", 0.0002, 1.0), ("facades_b", 0.0001, 1.6) })
        {
            Runs.WriteOptions(name, lr: lr);
            Runs.StartSession(name);
            for (int epoch = 1; epoch <= 3; epoch++)
            {
                if (epoch == 3)
                    Runs.StartSession(name);   // a --continue_train
                for (int iters = 1; iters <= 4; iters++)
                    Runs.LogLoss(name, epoch, iters, 0.9 - 0.02 * (epoch * 4 + iters) * scale + 0.05 * Math.Sin(iters), 40 / (epoch + iters * 0.25) * scale);
                Runs.WriteEpochImages(name, epoch, "real_A", "fake_B", "real_B");
            }
            Runs.WriteMetricsHistory(name, 30, cpu: 90 / scale, stepsPerSecond: 4 / scale);
            Runs.WriteStatus(name, "finished", 3);
        }
        Runs.WriteGeneratorRun("tiny");
        Server = await DashboardServer.StartAsync(Runs.Options());
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPage()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(20_000);
        PageErrors.Clear();
        page.PageError += (_, error) => PageErrors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                PageErrors.Enqueue($"{message.Text} ({message.Location})");
        };
        return page;
    }

    /// <summary>Script errors and console errors of every page: each test ends with none.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PageErrors { get; } = new();

    public async Task Close(IPage page)
    {
        await page.CloseAsync();
        Assert.True(PageErrors.IsEmpty, string.Join('\n', PageErrors));
    }

    public static async Task Screenshot(IPage page, string name)
    {
        if (ScreenshotDir is not { } dir)
            return;
        Directory.CreateDirectory(dir);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = false });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
        Runs.Dispose();
    }
}

/// <summary>The dashboard in a real browser: live updates, the epoch slider, compare and try-it.</summary>
[Collection("Cli training")]
public class DashboardBrowserTests(DashboardBrowserFixture fixture) : IClassFixture<DashboardBrowserFixture>
{
    [Fact]
    public async Task A_live_run_appears_without_a_reload_and_its_chart_grows_when_the_run_logs_a_step()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync(fixture.Url("#/"));
        await page.Locator("#runs tr[data-run='facades_a']").WaitForAsync();
        var runs = fixture.Runs;
        runs.WriteOptions("live_run");
        runs.StartSession("live_run");
        runs.LogLoss("live_run", 1, 1, 0.8, 30);
        runs.LogLoss("live_run", 1, 2, 0.7, 28);
        runs.WriteStatus("live_run", "running", 1);
        var row = page.Locator("#runs tr[data-run='live_run']");
        await row.WaitForAsync();
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveTextAsync("running");
        await Fixture.Screenshot(page, "dashboard");

        await row.Locator("a").First.ClickAsync();
        var chart = page.Locator("canvas[data-chart='losses']");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", "8");   // 2 reports x 4 losses
        runs.LogLoss("live_run", 1, 3, 0.6, 25);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", "12");
        runs.WriteStatus("live_run", "finished", 1);
        await Assertions.Expect(page.Locator("#run-status [data-status]")).ToHaveTextAsync("finished");
        await fixture.Close(page);
    }

    [Fact]
    public async Task The_epoch_slider_shows_that_epochs_images_across_a_continue_train()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync(fixture.Url("#/run/facades_a"));
        var images = page.Locator("#epoch-images");
        await Assertions.Expect(images).ToHaveAttributeAsync("data-epoch", "3");   // the newest first
        await Assertions.Expect(page.Locator("#run-summary")).ToContainTextAsync("2 training sessions");
        await page.Locator("#epoch-slider").FillAsync("0");
        await Assertions.Expect(images).ToHaveAttributeAsync("data-epoch", "1");
        await Assertions.Expect(images.Locator("img[data-label='fake_B']")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("epoch001_fake_B\\.png"));
        Assert.True(await images.Locator("img[data-label='fake_B']").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 16"));
        await page.Locator("#epoch-slider").FillAsync("1");
        await Assertions.Expect(images).ToHaveAttributeAsync("data-epoch", "2");
        await page.Locator("#shared").UncheckAsync();   // one chart per loss, each its own scale
        await Assertions.Expect(page.Locator("#loss-charts canvas")).ToHaveCountAsync(4);
        await page.Locator("#shared").CheckAsync();
        await page.Locator("#epoch-slider").FillAsync("2");
        await Fixture.Screenshot(page, "run");
        await fixture.Close(page);
    }

    [Fact]
    public async Task Compare_overlays_the_curves_of_two_runs_and_lists_the_options_that_differ()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync(fixture.Url("#/"));
        await page.Locator("#runs tr[data-run='facades_a'] input.pick").CheckAsync();
        await page.Locator("#runs tr[data-run='facades_b'] input.pick").CheckAsync();
        await page.Locator("#compare-picked").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#/compare\\?runs=facades_a,facades_b$"));
        var chart = page.Locator("#compare-charts canvas[data-chart='G_L1']");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-series", "2");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", "24");
        var diff = page.Locator("#options-diff");
        await Assertions.Expect(diff).ToContainTextAsync("lr");
        await Assertions.Expect(diff).Not.ToContainTextAsync("netG");
        await page.Locator("#align").SelectOptionAsync("time");   // by time since each run started, from metrics.jsonl
        await Assertions.Expect(page.Locator("#compare-charts canvas[data-chart='G_L1']")).ToHaveAttributeAsync("data-series", "2");
        await page.Locator("#align").SelectOptionAsync("iteration");
        await Fixture.Screenshot(page, "compare");
        await fixture.Close(page);
    }

    [Fact]
    public async Task Try_it_translates_an_uploaded_image_and_a_drawing_and_offers_the_download()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync(fixture.Url("#/try?run=tiny"));
        await Assertions.Expect(page.Locator("#try-epoch option")).ToHaveCountAsync(1);
        // a drawing first: labels on the canvas
        var canvas = page.Locator("#try-canvas");
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.2f, box.Y + box.Height * 0.2f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.7f, box.Y + box.Height * 0.6f);
        await page.Mouse.UpAsync();
        await page.Locator("#try-go").ClickAsync();
        var result = page.Locator("#try-result");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#try-result'); return i.complete && i.naturalWidth === 256; }");
        await Assertions.Expect(page.Locator("#try-download")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^blob:"));
        await Fixture.Screenshot(page, "try-it");

        await page.Locator("#try-file").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = DashboardTestRuns.Png(120, 90) });
        await page.Locator("#try-go").ClickAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#try-result'); return i.complete && i.naturalWidth === 120 && i.naturalHeight === 90; }");
        Assert.Contains("translated in", await page.Locator("#try-status").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await result.IsVisibleAsync());
        await fixture.Close(page);
    }

    [Fact]
    public async Task The_page_smooths_as_TensorBoard_does_and_ticks_a_flat_or_tiny_range_without_hanging()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync(fixture.Url("#/"));
        // TensorBoard: last = last*w + (1-w)*y; smoothed = last / (1 - w^n)
        var smoothed = await page.EvaluateAsync<double[]>("() => smooth([1, 2, 3], 0.5)");
        Assert.Equal(new[] { 1, 1.25 / 0.75, 2.125 / 0.875 }, smoothed, new RoundedComparer());
        var unsmoothed = await page.EvaluateAsync<double[]>("() => smooth([1, 2, 3], 0)");
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, unsmoothed);
        Assert.InRange(await page.EvaluateAsync<int>("() => niceTicks(0.5, 0.5 + 1e-15, 5).length"), 1, 50);
        var ticks = await page.EvaluateAsync<double[]>("() => niceTicks(0, 1, 2)");
        Assert.Equal(new[] { 0.0, 0.5, 1.0 }, ticks);
        await fixture.Close(page);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }

    private static class Fixture
    {
        public static Task Screenshot(IPage page, string name) => DashboardBrowserFixture.Screenshot(page, name);
    }
}

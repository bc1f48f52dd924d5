using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Cli.Dashboard;

/// <summary>
/// Reads run folders (<c>checkpoints/&lt;name&gt;/</c>) for the dashboard, never writes them: options.json,
/// loss_log.txt (every training session, across <c>--continue_train</c>), status.json and metrics.jsonl (the
/// <see cref="RunHeartbeat"/>), web/images, checkpoints, and the test metrics under the results folder.
/// </summary>
internal sealed partial class RunReader(string checkpointsDir, string resultsDir)
{
    /// <summary>A running run whose heartbeat is older than this was killed: shown as crashed.</summary>
    public static TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(120);

    public string Root { get; } = Path.GetFullPath(checkpointsDir);

    public string ResultsRoot { get; } = Path.GetFullPath(resultsDir);

    /// <summary>The run folders: sub-folders holding options.json, loss_log.txt, status.json or a network checkpoint.</summary>
    public IReadOnlyList<string> RunNames()
    {
        if (!Directory.Exists(Root))
            return [];
        return Directory.EnumerateDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, "options.json")) || File.Exists(Path.Combine(d, "loss_log.txt"))
                || File.Exists(Path.Combine(d, RunHeartbeat.StatusFile)) || Directory.EnumerateFiles(d, "*_net_*").Any())
            .Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The folder of run <paramref name="name"/>, or null when the name is not a run directly under the root.</summary>
    public string? RunDir(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', ':', '\0']) >= 0)
            return null;
        string dir = Path.Combine(Root, name);
        return Directory.Exists(dir) ? dir : null;
    }

    /// <summary>A change stamp of a run: what the live updates compare.</summary>
    public string Stamp(string name)
    {
        string dir = Path.Combine(Root, name);
        long Time(string p) => File.Exists(p) ? File.GetLastWriteTimeUtc(p).Ticks ^ new FileInfo(p).Length : 0;
        long images = Directory.Exists(Path.Combine(dir, "web", "images")) ? Directory.GetLastWriteTimeUtc(Path.Combine(dir, "web", "images")).Ticks : 0;
        var summary = Summary(name);
        return string.Join(':', Time(Path.Combine(dir, "loss_log.txt")), Time(Path.Combine(dir, RunHeartbeat.StatusFile)),
            Time(Path.Combine(dir, "options.json")), images, summary["status"]?.ToString());
    }

    /// <summary>One row of the runs table.</summary>
    public JsonObject Summary(string name)
    {
        string dir = Path.Combine(Root, name);
        var options = ReadJson(Path.Combine(dir, "options.json")) as JsonObject;
        var status = ReadJson(Path.Combine(dir, RunHeartbeat.StatusFile)) as JsonObject;
        var row = new JsonObject
        {
            ["name"] = name,
            ["model"] = options?["model"]?.GetValue<string>() ?? status?["model"]?.GetValue<string>(),
            ["status"] = StatusOf(status),
        };
        if (status is not null)
        {
            foreach (string key in new[] { "epoch", "last_epoch", "batch", "batches", "total_iters", "steps_per_sec", "eta_sec", "cpu_percent", "rss_bytes", "lr", "heartbeat", "error" })
                row[key] = status[key]?.DeepClone();
            row["losses"] = status["losses"]?.DeepClone();
        }
        else
        {
            var log = ParseLossLog(dir, 0);
            if (log.Points.Count > 0)
            {
                var last = log.Points[^1];
                row["epoch"] = last.Epoch;
                row["losses"] = new JsonObject(log.Names.Select((n, i) => KeyValuePair.Create(n, (JsonNode?)Num(last.Values[i]))));
            }
        }
        return row;
    }

    /// <summary>Running, finished, stopped, crashed (or a killed run: running with a stale heartbeat), or idle (no heartbeat).</summary>
    private static string StatusOf(JsonObject? status)
    {
        string? s = status?["status"]?.GetValue<string>();
        if (s is null)
            return "idle";
        if (s == "running" && DateTime.TryParse(status!["heartbeat"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var beat)
            && DateTime.UtcNow - beat.ToUniversalTime() > StaleAfter)
            return "crashed";
        return s;
    }

    /// <summary>Everything the run page shows.</summary>
    public JsonObject Details(string name)
    {
        string dir = Path.Combine(Root, name);
        var summary = Summary(name);
        var status = ReadJson(Path.Combine(dir, RunHeartbeat.StatusFile)) as JsonObject;
        int datasetSize = status?["dataset_size"]?.GetValue<int>() ?? 0;
        var log = ParseLossLog(dir, datasetSize);
        var page = new JsonObject
        {
            ["summary"] = summary,
            ["options"] = ReadJson(Path.Combine(dir, "options.json")),
            ["losses"] = new JsonObject
            {
                ["names"] = new JsonArray(log.Names.Select(n => (JsonNode?)n).ToArray()),
                ["dataset_size"] = log.DatasetSize,
                ["points"] = new JsonArray(log.Points.Select(p => (JsonNode?)new JsonArray(
                    new JsonNode?[] { p.Epoch, p.Iters, p.Total, p.Session }.Concat(p.Values.Select(Num)).ToArray())).ToArray()),
                ["sessions"] = new JsonArray(log.Sessions.Select(s => (JsonNode?)s).ToArray()),
            },
            ["metrics"] = ReadMetrics(dir),
            ["epochs"] = EpochImages(dir, name),
            ["other_images"] = OtherImages(dir, name),
            ["checkpoints"] = new JsonArray(Checkpoints(dir).Select(c => (JsonNode?)c).ToArray()),
            ["tests"] = TestResults(name),
        };
        return page;
    }

    /// <summary>The labels of the generator checkpoints in the folder (latest, epoch numbers, iter_n), latest first.</summary>
    public static IReadOnlyList<string> Checkpoints(string dir) =>
        Directory.EnumerateFiles(dir, "*_net_*").Select(f => Path.GetFileName(f))
            .Select(f => NetworkFileName().Match(f)).Where(m => m.Success && m.Groups[2].Value.StartsWith('G'))
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)
            .OrderBy(l => l == "latest" ? 0 : 1).ThenByDescending(l => int.TryParse(l.Replace("iter_", "", StringComparison.Ordinal), out int n) ? n : 0)
            .ToList();

    internal sealed record LossPoint(int Epoch, int Iters, long Total, int Session, double[] Values);

    internal sealed record LossHistory(List<string> Names, List<LossPoint> Points, List<string> Sessions, int DatasetSize);

    /// <summary>
    /// loss_log.txt: a "===== Training Loss (date) =====" header per session (the first run and each
    /// <c>--continue_train</c> append one), then "(epoch: 3, iters: 200, time: …, data: …) G_GAN: 0.812 …" lines;
    /// iters count images within the epoch. Total images = (epoch − 1) × dataset size + iters, with the dataset size
    /// from the heartbeat or, failing that, the largest iters of an epoch that a later epoch follows.
    /// </summary>
    internal LossHistory ParseLossLog(string dir, int datasetSize)
    {
        var names = new List<string>();
        var raw = new List<(int Epoch, int Iters, int Session, Dictionary<string, double> Values)>();
        var sessions = new List<string>();
        string path = Path.Combine(dir, "loss_log.txt");
        if (File.Exists(path))
        {
            foreach (string line in ReadAllLinesShared(path))
            {
                var header = SessionHeader().Match(line);
                if (header.Success)
                {
                    sessions.Add(header.Groups[1].Value);
                    continue;
                }
                var m = LossLine().Match(line);
                if (!m.Success)
                    continue;
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (Match pair in LossPair().Matches(m.Groups[3].Value))
                {
                    string key = pair.Groups[1].Value;
                    if (!names.Contains(key))
                        names.Add(key);
                    values[key] = double.TryParse(pair.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
                }
                raw.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Math.Max(0, sessions.Count - 1), values));
            }
        }
        if (datasetSize <= 0)
        {
            int lastEpoch = raw.Count == 0 ? 0 : raw.Max(r => r.Epoch);
            datasetSize = raw.Where(r => r.Epoch < lastEpoch).Select(r => r.Iters).DefaultIfEmpty(raw.Count == 0 ? 1 : raw.Max(r => r.Iters)).Max();
        }
        var points = raw.Select(r => new LossPoint(r.Epoch, r.Iters, (long)(r.Epoch - 1) * datasetSize + r.Iters, r.Session,
            names.Select(n => r.Values.TryGetValue(n, out double v) ? v : double.NaN).ToArray())).ToList();
        return new LossHistory(names, points, sessions, datasetSize);
    }

    /// <summary>metrics.jsonl: the heartbeat's lines (time, step rate, CPU, memory, lr, losses); a torn last line is skipped.</summary>
    private JsonArray ReadMetrics(string dir)
    {
        var list = new JsonArray();
        string path = Path.Combine(dir, RunHeartbeat.MetricsFile);
        if (!File.Exists(path))
            return list;
        var lines = ReadAllLinesShared(path);
        // a long run writes a line every 10 s: send at most about MaxMetricPoints of them, evenly spaced, the last always
        int stride = Math.Max(1, (lines.Count + MaxMetricPoints - 1) / MaxMetricPoints);
        for (int i = 0; i < lines.Count; i++)
        {
            if (i % stride != 0 && i != lines.Count - 1)
                continue;
            string line = lines[i];
            try
            {
                if (JsonNode.Parse(line) is JsonObject o)
                {
                    list.Add(new JsonObject
                    {
                        ["time"] = o["time"]?.DeepClone(), ["status"] = o["status"]?.DeepClone(), ["epoch"] = o["epoch"]?.DeepClone(),
                        ["total_iters"] = o["total_iters"]?.DeepClone(), ["steps_per_sec"] = o["steps_per_sec"]?.DeepClone(),
                        ["cpu_percent"] = o["cpu_percent"]?.DeepClone(), ["rss_bytes"] = o["rss_bytes"]?.DeepClone(),
                        ["lr"] = o["lr"]?.DeepClone(), ["losses"] = o["losses"]?.DeepClone(),
                    });
                }
            }
            catch (JsonException)
            {
                // a line being appended right now
            }
        }
        return list;
    }

    /// <summary>web/images/epochNNN_&lt;visual&gt;.png grouped by epoch, oldest first (the reference's naming).</summary>
    private static JsonArray EpochImages(string dir, string name)
    {
        string images = Path.Combine(dir, "web", "images");
        var result = new JsonArray();
        if (!Directory.Exists(images))
            return result;
        var groups = Directory.EnumerateFiles(images).Select(f => Path.GetFileName(f)).Select(f => (File: f, Match: EpochImage().Match(f)))
            .Where(x => x.Match.Success)
            .GroupBy(x => int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture)).OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            result.Add(new JsonObject
            {
                ["epoch"] = group.Key,
                ["images"] = new JsonArray(group.OrderBy(x => x.File, StringComparer.Ordinal).Select(x => (JsonNode?)new JsonObject
                {
                    ["label"] = x.Match.Groups[2].Value,
                    ["url"] = FileUrl(name, "web/images/" + x.File, File.GetLastWriteTimeUtc(Path.Combine(images, x.File))),
                }).ToArray()),
            });
        }
        return result;
    }

    /// <summary>Other pictures a run writes under web/ (the classic GANs' sample grids, the loss plot).</summary>
    private static JsonArray OtherImages(string dir, string name)
    {
        string web = Path.Combine(dir, "web");
        var result = new JsonArray();
        if (!Directory.Exists(web))
            return result;
        foreach (string file in Directory.EnumerateFiles(web, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(dir, file).Replace('\\', '/');
            string ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext is not (".png" or ".jpg" or ".jpeg" or ".bmp") || EpochImage().IsMatch(Path.GetFileName(file)) && rel.StartsWith("web/images/", StringComparison.Ordinal))
                continue;
            result.Add(new JsonObject { ["label"] = rel, ["url"] = FileUrl(name, rel, File.GetLastWriteTimeUtc(file)) });
        }
        return result;
    }

    /// <summary>results/&lt;name&gt;/&lt;phase&gt;_&lt;epoch&gt;/metrics.json, written by <c>pix2pix test</c>.</summary>
    private JsonArray TestResults(string name)
    {
        var result = new JsonArray();
        string dir = Path.Combine(ResultsRoot, name);
        if (!Directory.Exists(dir))
            return result;
        foreach (string sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            if (ReadJson(Path.Combine(sub, "metrics.json")) is JsonObject m)
            {
                result.Add(new JsonObject
                {
                    ["phase"] = Path.GetFileName(sub),
                    ["images"] = m["images"]?.DeepClone(), ["l1"] = m["l1"]?.DeepClone(), ["psnr"] = m["psnr"]?.DeepClone(), ["ssim"] = m["ssim"]?.DeepClone(),
                });
            }
        }
        return result;
    }

    private static string FileUrl(string run, string relative, DateTime modified) =>
        "/files/" + Uri.EscapeDataString(run) + "/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString))
        + "?v=" + modified.Ticks.ToString(CultureInfo.InvariantCulture);

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonNode.Parse(stream);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const int MaxMetricPoints = 2000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AppendedLines> _lines = new(StringComparer.Ordinal);

    /// <summary>The whole lines of a file that training appends to, read incrementally: only the bytes added since the last call.</summary>
    private List<string> ReadAllLinesShared(string path)
    {
        var cache = _lines.GetOrAdd(path, _ => new AppendedLines());
        lock (cache)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                // rewritten (a new run of that name: shorter, or another first line with its date): start again
                byte[] head = new byte[Math.Min(stream.Length, 256)];
                stream.ReadExactly(head);
                if (stream.Length < cache.Offset || !head.AsSpan(0, (int)Math.Min(head.Length, cache.Head.Length)).SequenceEqual(cache.Head.AsSpan(0, (int)Math.Min(head.Length, cache.Head.Length))))
                {
                    cache.Offset = 0;
                    cache.Lines.Clear();
                }
                cache.Head = head;
                stream.Position = cache.Offset;
                byte[] added = new byte[stream.Length - cache.Offset];
                stream.ReadExactly(added);
                int start = 0;
                for (int i = 0; i < added.Length; i++)
                {
                    if (added[i] != (byte)'\n')
                        continue;
                    cache.Lines.Add(System.Text.Encoding.UTF8.GetString(added, start, i - start).TrimEnd('\r'));
                    start = i + 1;
                }
                cache.Offset += start;   // a torn last line is read again next time, whole
            }
            catch (IOException)
            {
                // gone or locked: show what was read
            }
            return [.. cache.Lines];
        }
    }

    private sealed class AppendedLines
    {
        public long Offset { get; set; }

        public byte[] Head { get; set; } = [];

        public List<string> Lines { get; } = [];
    }

    [GeneratedRegex(@"^=+ Training Loss \((.*)\) =+\s*$")]
    private static partial Regex SessionHeader();

    [GeneratedRegex(@"^\(epoch: (\d+), iters: (\d+)[^)]*\)(.*)$")]
    private static partial Regex LossLine();

    [GeneratedRegex(@"([^\s:]+): (\S+)")]
    private static partial Regex LossPair();

    [GeneratedRegex(@"^epoch(\d+)_(.+)\.(png|jpg)$")]
    private static partial Regex EpochImage();

    [GeneratedRegex(@"^(.+)_net_([A-Za-z0-9_]+)\.(safetensors|pth)$")]
    private static partial Regex NetworkFileName();
}

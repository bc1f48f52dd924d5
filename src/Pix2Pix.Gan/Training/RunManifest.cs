using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pix2Pix.Gan.Training;

/// <summary>One file of a committed save: its own name, its staged name while the commit rolls forward, length and xxHash64.</summary>
internal sealed record ManifestFile(string Name, SaveKind Kind, string? Staged, long Bytes, ulong Hash)
{
    public string HashText => Hash.ToString("x16", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>state.json</c>: the commit point of a run folder (issue 15, item 2; docs/reliability.md). It names the files of the
/// last complete save (weights, training state, epoch snapshot) with their lengths and checksums, and where training
/// stood. A save writes every file under a staged name first, then replaces this one small file atomically, then
/// renames the staged files to their own names; resume reads only what this file names, so the weights, optimizer,
/// schedule, RNG and data position are all of one save. Runs made by <c>pix2pix import</c> carry one with origin
/// <c>import</c> and no training state.
/// </summary>
internal sealed record RunManifest(
    long Generation,
    string Origin,
    string WeightsLabel,
    TrainingPosition Position,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<string> KeptSnapshots)
{
    public const string FileName = "state.json";
    public const string Format = "pix2pix-dotnet-run-state/1";
    public const string FromTraining = "train";
    public const string FromImport = "import";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string PathIn(string runDirectory) => Path.Combine(runDirectory, FileName);

    /// <summary>The committed training state, or null (an imported run).</summary>
    public ManifestFile? State => Files.FirstOrDefault(f => f.Kind == SaveKind.TrainingState);

    public string ToJson()
    {
        var files = new JsonArray();
        foreach (var f in Files)
        {
            var o = new JsonObject
            {
                ["name"] = f.Name,
                ["kind"] = f.Kind.ToString(),
                ["bytes"] = f.Bytes,
                ["xxh64"] = f.HashText,
            };
            if (f.Staged is not null)
                o["staged"] = f.Staged;
            files.Add(o);
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["generation"] = Generation,
            ["origin"] = Origin,
            ["weights_label"] = WeightsLabel,
            ["epoch"] = Position.Epoch,
            ["batches_done"] = Position.BatchesDone,
            ["total_iters"] = Position.TotalIters,
            ["epoch_closed"] = Position.EpochClosed,
            ["files"] = files,
            ["kept_snapshots"] = new JsonArray([.. KeptSnapshots.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>Reads the manifest of <paramref name="runDirectory"/>, or null when there is none.</summary>
    public static RunManifest? Load(string runDirectory)
    {
        string path = PathIn(runDirectory);
        if (!File.Exists(path))
            return null;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            if ((string?)root["format"] != Format)
                throw new FormatException($"format '{(string?)root["format"]}' is not {Format}");
            var files = new List<ManifestFile>();
            foreach (var node in root["files"]?.AsArray() ?? throw new FormatException("no files"))
            {
                var o = node!.AsObject();
                string name = (string?)o["name"] ?? throw new FormatException("a file without a name");
                if (name.Length == 0 || name != Path.GetFileName(name))
                    throw new FormatException($"'{name}' is not a file name");
                string? staged = (string?)o["staged"];
                if (staged is not null && staged != Path.GetFileName(staged))
                    throw new FormatException($"'{staged}' is not a file name");
                files.Add(new ManifestFile(name, Enum.Parse<SaveKind>((string?)o["kind"] ?? ""), staged, (long)o["bytes"]!,
                    ulong.Parse((string?)o["xxh64"] ?? "", NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
            }
            var kept = root["kept_snapshots"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
            return new RunManifest((long)root["generation"]!, (string?)root["origin"] ?? FromTraining, (string?)root["weights_label"] ?? "latest",
                new TrainingPosition((int)root["epoch"]!, (int)root["batches_done"]!, (long)root["total_iters"]!, (bool)root["epoch_closed"]!),
                files, kept);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or NullReferenceException or OverflowException)
        {
            throw new InvalidDataException($"{path} is damaged ({ex.Message}); it names the files of the run's last save. "
                + "Restore it from a backup, or continue from the weights alone with --continue_train --reset_optimizer (a fresh optimizer: not an exact resume).", ex);
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Gan.Models;
using Pix2Pix.Gan.Options;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Interop;

/// <summary>What <see cref="ReferenceRun.Import"/> made.</summary>
internal sealed record ImportedRun(string Folder, string Model, IReadOnlyList<string> Networks, IReadOnlyList<string> Labels,
    IReadOnlyList<string> IgnoredFlags, bool LossLogKept, int NextEpoch);

/// <summary>
/// Crossing to and from the reference's trainer (pytorch-CycleGAN-and-pix2pix's train.py, with DataParallel or DDP on
/// GPUs): its run folders (<c>train_opt.txt</c>, <c>&lt;label&gt;_net_&lt;name&gt;.pth</c>, <c>loss_log.txt</c>) become ours
/// and ours become its. Both directions build in a temporary folder beside the target and rename it into place, so
/// a failure leaves nothing half-written.
/// </summary>
internal static partial class ReferenceRun
{
    /// <summary>
    /// Imports the reference's run folder <paramref name="referenceFolder"/> as <c>&lt;checkpointsDir&gt;/&lt;name&gt;</c>
    /// (name from train_opt.txt unless given): options.json and train_opt.txt from its options, every
    /// <c>&lt;label&gt;_net_&lt;name&gt;.pth</c> checked against the networks those options build and saved as safetensors,
    /// loss_log.txt kept, and a <c>state.json</c> of origin <c>import</c> naming the weights with their checksums. The
    /// reference saves no optimizer state, so continuing starts Adam fresh, as the reference does, keeping the imported snapshots.
    /// </summary>
    public static ImportedRun Import(string referenceFolder, string checkpointsDir, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(referenceFolder);
        ArgumentException.ThrowIfNullOrEmpty(checkpointsDir);
        string source = Path.GetFullPath(referenceFolder);
        if (!Directory.Exists(source))
            throw new DirectoryNotFoundException($"{source} does not exist; give the reference's run folder (its checkpoints/<name>).");
        string optionsPath = Path.Combine(source, "train_opt.txt");
        if (!File.Exists(optionsPath))
            throw new FileNotFoundException($"{source} has no train_opt.txt, so it is not a run folder written by the reference's train.py. "
                + "For a folder with only weights (e.g. the authors' latest_net_G.pth), use 'pix2pix translate --checkpoint' on it directly.", optionsPath);
        (TrainOptions options, IReadOnlyList<string> ignored) = ReferenceOptionsText.ToOptions(File.ReadAllText(optionsPath), optionsPath);
        if (!string.IsNullOrEmpty(name))
            options.Name = name;
        options.CheckpointsDir = checkpointsDir;
        options.ContinueTrain = false;

        var weights = Directory.GetFiles(source, "*_net_*.pth").Select(f => (File: f, Match: NetworkFileName().Match(Path.GetFileName(f))))
            .Where(w => w.Match.Success).Select(w => (w.File, Label: w.Match.Groups[1].Value, Network: w.Match.Groups[2].Value)).ToList();
        if (weights.Count == 0)
            throw new FileNotFoundException($"{source} has train_opt.txt but no <label>_net_<name>.pth weights; copy them from the machine that trained the run.");

        var model = ModelFactory.Create(options, (ulong)options.Seed);
        var networks = model.Networks.ToDictionary(n => n.Name, n => n.Net, StringComparer.Ordinal);
        string target = Path.Combine(Path.GetFullPath(checkpointsDir), options.Name);
        EnsureFree(target, "--name");
        return Staged(target, stage =>
        {
            var run = new RunFolder(stage);
            foreach (var (file, label, network) in weights.OrderBy(w => w.File, StringComparer.Ordinal))
            {
                if (!networks.TryGetValue(network, out Module? net))
                    throw new InvalidOperationException($"{file} holds network '{network}', but a {options.Model} run has {string.Join(", ", networks.Keys)}; check train_opt.txt's model.");
                Checkpoint.LoadInto(file, net.StateDict());
                Checkpoint.Save(run.NetworkFile(label, network), net.StateDict());
            }
            File.WriteAllText(run.OptionsJson, OptionsFile.ToJson(options));
            File.WriteAllText(run.OptionsText, OptionsFile.ToText(options, new TrainOptions()));
            string lossLog = Path.Combine(source, "loss_log.txt");
            if (File.Exists(lossLog))
                File.Copy(lossLog, run.LossLog);
            var labels = weights.Select(w => w.Label).Distinct().Order(StringComparer.Ordinal).ToList();
            int lastEpoch = labels.Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int e) ? e : 0).DefaultIfEmpty(0).Max();
            WriteImportManifest(stage, weights.Select(w => (Path.GetFileName(run.NetworkFile(w.Label, w.Network)), w.Label)).ToList(), lastEpoch);
            return new ImportedRun(target, options.Model, weights.Select(w => w.Network).Distinct().Order(StringComparer.Ordinal).ToList(), labels,
                ignored, File.Exists(lossLog), Math.Max(lastEpoch + 1, options.EpochCount));
        });
    }

    /// <summary>
    /// Exports our run folder (or one weights file) for the reference: a run folder becomes <paramref name="output"/>
    /// with train_opt.txt, loss_log.txt and every <c>&lt;label&gt;_net_&lt;name&gt;.pth</c>, which the reference's
    /// <c>train.py --continue_train</c> and <c>test.py</c> load; a file becomes one .pth (<paramref name="output"/> a
    /// file name, or a folder to put <c>&lt;stem&gt;.pth</c> in). Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Export(string checkpoint, string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(output);
        string source = Path.GetFullPath(checkpoint);
        string target = Path.GetFullPath(output);
        if (File.Exists(source))
        {
            string file = Directory.Exists(target) ? Path.Combine(target, Path.GetFileNameWithoutExtension(source) + ".pth") : target;
            PthFile.Write(file, Checkpoint.Read(source).Tensors);
            return [file];
        }
        var run = new RunFolder(source);
        if (!File.Exists(run.OptionsJson))
            throw new FileNotFoundException($"{source} is not a run folder written by 'pix2pix train' (no options.json) nor a weights file; give checkpoints/<name> or a .safetensors file.", run.OptionsJson);
        var networks = Directory.GetFiles(source, "*_net_*.safetensors").Where(f => NetworkFileName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
        if (networks.Count == 0)
            throw new FileNotFoundException($"{source} holds no <label>_net_<name>.safetensors weights yet; train first.");
        EnsureFree(target, "--output");
        return Staged(target, stage =>
        {
            var written = new List<string>();
            foreach (string file in networks)
            {
                string pth = Path.Combine(stage, Path.GetFileNameWithoutExtension(file) + ".pth");
                PthFile.Write(pth, Checkpoint.Read(file).Tensors);
                written.Add(Path.Combine(target, Path.GetFileName(pth)));
            }
            foreach (string extra in new[] { run.OptionsText, run.LossLog }.Where(File.Exists))
            {
                File.Copy(extra, Path.Combine(stage, Path.GetFileName(extra)));
                written.Add(Path.Combine(target, Path.GetFileName(extra)));
            }
            return (IReadOnlyList<string>)written;
        });
    }

    /// <summary>
    /// The imported run's <c>state.json</c>: its weights with their checksums, origin <c>import</c> and no training state
    /// (the reference saves none), so <c>--continue_train</c> starts a fresh optimizer there and keeps the imported epoch snapshots.
    /// </summary>
    private static void WriteImportManifest(string folder, IReadOnlyList<(string File, string Label)> files, int lastEpoch)
    {
        static bool IsEpoch(string label) => label.All(char.IsAsciiDigit);
        var entries = files.Select(f =>
        {
            string path = Path.Combine(folder, f.File);
            return new ManifestFile(f.File, IsEpoch(f.Label) ? SaveKind.Snapshot : SaveKind.Weights, null, new FileInfo(path).Length, SaveIo.HashFile(path));
        }).ToList();
        var manifest = new RunManifest(0, RunManifest.FromImport, "latest", new TrainingPosition(Math.Max(lastEpoch, 1), 0, 0, EpochClosed: true), entries,
            files.Select(f => f.Label).Where(IsEpoch).Distinct().Order(StringComparer.Ordinal).ToList());
        SaveIo.WriteAtomicText(RunManifest.PathIn(folder), SaveKind.Manifest, manifest.ToJson());
    }

    private static void EnsureFree(string folder, string flag)
    {
        if (File.Exists(folder) || (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()))
            throw new IOException($"{folder} already exists and is not empty; choose another {flag} or remove it first (nothing was written).");
    }

    /// <summary>Builds <paramref name="target"/> in a temporary sibling folder and renames it into place when complete.</summary>
    private static T Staged<T>(string target, Func<string, T> build)
    {
        string parent = Path.GetDirectoryName(target) ?? throw new IOException($"{target} is not a folder path.");
        Directory.CreateDirectory(parent);
        string stage = Path.Combine(parent, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(stage);
        try
        {
            T result = build(stage);
            if (Directory.Exists(target))
                Directory.Delete(target);   // empty (checked before)
            Directory.Move(stage, target);
            return result;
        }
        catch
        {
            Directory.Delete(stage, recursive: true);
            throw;
        }
    }

    /// <summary><c>&lt;label&gt;_net_&lt;name&gt;.&lt;ext&gt;</c>: label latest, an epoch or iter_N; name G, D, G_A …</summary>
    [GeneratedRegex(@"^(latest|\d+|iter_\d+)_net_([A-Za-z0-9_]+?)\.(pth|safetensors)$")]
    private static partial Regex NetworkFileName();
}

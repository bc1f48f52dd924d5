using Pix2Pix.Engine.Checkpoints;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// A run's folder, <c>checkpoints/&lt;name&gt;/</c>: <c>options.json</c>, <c>train_opt.txt</c>, <c>loss_log.txt</c>,
/// <c>web/</c>, and checkpoints <c>&lt;label&gt;_net_&lt;G|D|…&gt;.safetensors</c> with label <c>latest</c>, an epoch
/// number or <c>iter_&lt;n&gt;</c>, plus <c>&lt;label&gt;_train_state.safetensors</c> (everything an exact resume needs)
/// and <c>state.json</c>, which names the files of the last complete save (<see cref="RunManifest"/>, <see cref="RunCommit"/>).
/// Networks are always saved as safetensors; reading also accepts the reference's <c>&lt;label&gt;_net_&lt;name&gt;.pth</c>
/// when no safetensors file of that name is there (a folder from <c>pix2pix import</c> or the authors' downloads).
/// </summary>
internal sealed partial class RunFolder(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string OptionsJson => System.IO.Path.Combine(Path, "options.json");

    /// <summary>Fills <paramref name="target"/> from this run's options.json (flags in <paramref name="except"/> are left alone).</summary>
    public void LoadOptions(Options.BaseOptions target, ISet<string>? except = null) =>
        Options.OptionsFile.FromJson(File.ReadAllText(OptionsJson), target, OptionsJson, except);

    public string OptionsText => System.IO.Path.Combine(Path, "train_opt.txt");

    public string LossLog => System.IO.Path.Combine(Path, "loss_log.txt");

    /// <summary>The image files a --skip_bad_images run left out, one per line with the reason.</summary>
    public string SkippedImages => System.IO.Path.Combine(Path, "skipped_images.txt");

    public string WebDir => System.IO.Path.Combine(Path, "web");

    /// <summary>The TensorBoard event files of <c>--tensorboard</c>, one per training process.</summary>
    public string TensorBoardDir => System.IO.Path.Combine(Path, "tensorboard");

    public string NetworkFile(string label, string network) => System.IO.Path.Combine(Path, $"{label}_net_{network}.safetensors");

    /// <summary>The PyTorch file the reference would write for this network.</summary>
    public string ReferenceNetworkFile(string label, string network) => System.IO.Path.Combine(Path, $"{label}_net_{network}.pth");

    /// <summary>The file to read a network from: our safetensors file, else the reference's .pth; null when neither exists.</summary>
    public string? FindNetworkFile(string label, string network) =>
        File.Exists(NetworkFile(label, network)) ? NetworkFile(label, network)
        : File.Exists(ReferenceNetworkFile(label, network)) ? ReferenceNetworkFile(label, network)
        : null;

    /// <summary>The network checkpoints in this folder for <paramref name="network"/>, of either format, sorted.</summary>
    public IReadOnlyList<string> AvailableNetworkFiles(string network) =>
        Directory.Exists(Path)
            ? Directory.GetFiles(Path, $"*_net_{network}.safetensors").Concat(Directory.GetFiles(Path, $"*_net_{network}.pth"))
                .Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    public string TrainStateFile(string label) => System.IO.Path.Combine(Path, $"{label}_train_state.safetensors");

    /// <summary>The checkpoint label the reference loads: <c>iter_&lt;n&gt;</c> when load_iter &gt; 0, else the epoch.</summary>
    public static string Label(string epoch, int loadIter) => loadIter > 0 ? $"iter_{loadIter}" : epoch;

    /// <summary>
    /// Deletes the temporary files a killed save left behind (atomic writes: <c>.&lt;file&gt;.[pid.]&lt;guid&gt;.tmp</c>;
    /// the page's <c>index.html.tmp</c>) in the folder, <c>web/</c> and <c>web/images/</c>. Call it only while holding
    /// the folder's <see cref="RunLock"/>: then no other save can be under way. Returns the names deleted.
    /// </summary>
    public IReadOnlyList<string> RemoveStaleTemporaryFiles()
    {
        var removed = new List<string>();
        foreach (string dir in new[] { Path, WebDir, System.IO.Path.Combine(WebDir, "images") })
        {
            if (!Directory.Exists(dir))
                continue;
            foreach (string file in Directory.EnumerateFiles(dir, "*.tmp"))
            {
                string name = System.IO.Path.GetFileName(file);
                if (!AtomicTemporaryName().IsMatch(name) && name != "index.html.tmp")
                    continue;
                File.Delete(file);
                removed.Add(System.IO.Path.GetRelativePath(Path, file));
            }
        }
        return removed;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial System.Text.RegularExpressions.Regex AtomicTemporaryName();

    /// <summary>Loads one network's weights, with an error that lists the checkpoints that do exist.</summary>
    public void LoadNetwork(Module net, string label, string network)
    {
        ArgumentNullException.ThrowIfNull(net);
        string? file = FindNetworkFile(label, network);
        if (file is null)
        {
            file = NetworkFile(label, network);
            var available = AvailableNetworkFiles(network);
            throw new FileNotFoundException(available.Count == 0
                ? $"No checkpoint {System.IO.Path.GetFileName(file)} in {Path}: the run folder has no saved {network} network. Train first (pix2pix train --name …) or check --checkpoints_dir and --name."
                : $"No checkpoint {System.IO.Path.GetFileName(file)} in {Path}; available: {string.Join(", ", available)}. Choose one with --epoch (or --load_iter).", file);
        }
        Checkpoint.LoadInto(file, net.StateDict());
    }
}

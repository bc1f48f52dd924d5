namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// Saves a module's (or optimizer's) state dict as safetensors and loads a file back into live tensors. Reading
/// accepts safetensors and PyTorch <c>.pth</c> files alike (told apart by their first bytes, not their names).
/// </summary>
internal static class Checkpoint
{
    private const string BatchCounterSuffix = "num_batches_tracked";
    private const int NamesShown = 8;
    private static readonly string[] OldInstanceNormSuffixes = [".running_mean", ".running_var", "." + BatchCounterSuffix];

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> atomically, in safetensors format, with a checksum of
    /// every tensor's data in the metadata (verified when it is read back).
    /// </summary>
    public static void Save(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Write(path, tensors, metadata, checksum: true);

    /// <summary>
    /// Reads a checkpoint in either format: safetensors (tensors and metadata) or a PyTorch state dict (tensors, no
    /// metadata). Every problem is a <see cref="CheckpointException"/> naming the file.
    /// </summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        using FileStream stream = CheckpointFiles.OpenRead(full);
        Span<byte> head = stackalloc byte[9];
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        // safetensors: an 8-byte header length, then the JSON header's '{'
        bool safetensors = got == head.Length && head[8] == (byte)'{';
        return !safetensors && PthFile.StartsLikePth(head[..got])
            ? new SafeTensorsFile(PthFile.Read(stream, full), new Dictionary<string, string>())
            : SafeTensors.Read(stream, full);
    }

    /// <summary>
    /// Reads <paramref name="path"/> (safetensors or .pth) and copies every tensor into the same-named tensor of <paramref name="target"/>
    /// (e.g. a module's live parameters and buffers). Everything is checked before anything is copied; a mismatch
    /// throws <see cref="CheckpointException"/> listing every missing name, unexpected name (when
    /// <paramref name="strict"/>), shape and dtype mismatch. BatchNorm <c>num_batches_tracked</c> counters may be absent
    /// from the file (older PyTorch checkpoints lack them), as PyTorch allows; InstanceNorm running statistics saved by
    /// PyTorch &lt; 0.4 are dropped, as the reference's <c>load_networks</c> does. Returns the file's metadata.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadInto(string path, StateDict target, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        (StateDict file, IReadOnlyDictionary<string, string> metadata) = Read(path);
        LoadInto(file, Path.GetFullPath(path), target, strict);
        return metadata;
    }

    /// <summary>
    /// Copies tensors already read from <paramref name="sourceName"/> into <paramref name="target"/>, with the checks
    /// and tolerances of <see cref="LoadInto(string, StateDict, bool)"/>.
    /// </summary>
    public static void LoadInto(StateDict file, string sourceName, StateDict target, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(target);
        ThrowIfNonFinite(file, sourceName);
        StateDict source = WithoutOldInstanceNormStatistics(file, target);
        var diff = target.Compare(source);
        var problems = new List<string>();
        var missing = diff.Missing.Where(n => !n.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
            problems.Add($"missing tensors: {List(missing)}");
        if (strict && diff.Unexpected.Count > 0)
            problems.Add($"unexpected tensors: {List(diff.Unexpected)}");
        foreach (var m in diff.Mismatches)
        {
            problems.Add(m.TypeDiffers
                ? $"'{m.Name}' is {StateDictMismatch.Kind(m.SourceIsFloat)} in the file but {StateDictMismatch.Kind(m.TargetIsFloat)} in the network"
                : $"'{m.Name}' has shape [{string.Join(", ", m.SourceShape)}] in the file but [{string.Join(", ", m.TargetShape)}] in the network");
        }
        if (problems.Count > 0)
            throw new CheckpointException($"Checkpoint '{sourceName}' does not fit the network: {string.Join("; ", problems)}. "
                + "Check that it was saved from the same architecture and options (e.g. --netG, --ngf, --norm, --input_nc)"
                + (strict ? ", or load non-strictly to ignore unexpected tensors." : "."));

        target.CopyFrom(source);
    }

    /// <summary>Refuses weights holding NaN or ±Inf (a diverged run's), naming the file and the tensor.</summary>
    public static void ThrowIfNonFinite(StateDict tensors, string sourceName)
    {
        if (NonFinite.Find(tensors) is { } finding)
            throw new CheckpointException($"Checkpoint '{sourceName}' holds non-finite weights: {finding.Describe()}. "
                + "The run that saved it diverged; use a checkpoint saved before that (an epoch snapshot) or train again with a smaller --lr.");
    }

    /// <summary>
    /// <paramref name="source"/> without the <c>running_mean</c> / <c>running_var</c> / <c>num_batches_tracked</c> of
    /// layers that hold nothing else in the file and nothing at all in <paramref name="target"/>: InstanceNorm layers
    /// saved by PyTorch &lt; 0.4, which tracked running statistics that today's (and our) InstanceNorm does not have
    /// (the reference's <c>__patch_instance_norm_state_dict</c>). A BatchNorm file loaded into an InstanceNorm network
    /// still fails: its weight and bias remain unexpected.
    /// </summary>
    public static StateDict WithoutOldInstanceNormStatistics(StateDict source, StateDict target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var targetLayers = target.Names.Select(LayerOf).ToHashSet(StringComparer.Ordinal);
        var drop = source.Names
            .GroupBy(LayerOf, StringComparer.Ordinal)
            .Where(layer => !targetLayers.Contains(layer.Key) && layer.All(n => OldInstanceNormSuffixes.Any(s => n.EndsWith(s, StringComparison.Ordinal))))
            .SelectMany(layer => layer)
            .ToHashSet(StringComparer.Ordinal);
        if (drop.Count == 0)
            return source;
        var kept = new StateDict();
        foreach (string name in source.Names.Where(n => !drop.Contains(n)))
        {
            if (source.TryGetFloat(name, out Tensor f))
                kept.Add(name, f);
            else if (source.TryGetInt64(name, out Int64Tensor i))
                kept.Add(name, i);
        }
        return kept;
    }

    private static string LayerOf(string name) => name.LastIndexOf('.') is var dot and >= 0 ? name[..dot] : "";

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown).Select(n => $"'{n}'")) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "");
}

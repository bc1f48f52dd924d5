namespace Pix2Pix.Engine.Checkpoints;

/// <summary>Saves a module's (or optimizer's) state dict as safetensors and loads a file back into live tensors.</summary>
public static class Checkpoint
{
    private const string BatchCounterSuffix = "num_batches_tracked";
    private const int NamesShown = 8;

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically, in safetensors format.</summary>
    public static void Save(string path, StateDict tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Write(path, tensors, metadata);

    /// <summary>
    /// Reads <paramref name="path"/> and copies every tensor into the same-named tensor of <paramref name="target"/>
    /// (e.g. a module's live parameters and buffers). Everything is checked before anything is copied; a mismatch
    /// throws <see cref="CheckpointException"/> listing every missing name, unexpected name (when
    /// <paramref name="strict"/>), shape and dtype mismatch. BatchNorm <c>num_batches_tracked</c> counters may be absent
    /// from the file (older PyTorch checkpoints lack them), as PyTorch allows. Returns the file's metadata.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LoadInto(string path, StateDict target, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        (StateDict source, IReadOnlyDictionary<string, string> metadata) = SafeTensors.Read(path);
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
            throw new CheckpointException($"Checkpoint '{Path.GetFullPath(path)}' does not fit the network: {string.Join("; ", problems)}. "
                + "Check that it was saved from the same architecture and options (e.g. --netG, --ngf, --norm, --input_nc)"
                + (strict ? ", or load non-strictly to ignore unexpected tensors." : "."));

        target.CopyFrom(source);
        return metadata;
    }

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown).Select(n => $"'{n}'")) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "");
}

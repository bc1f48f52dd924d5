using System.Globalization;
using System.Text.RegularExpressions;

namespace Pix2Pix.Gan.Training;

/// <summary>
/// One save of a run as a single atomic commit (docs/reliability.md): <see cref="Stage"/> writes each file as
/// <c>.&lt;name&gt;.g&lt;generation&gt;.pending</c> and flushes it to disk; <see cref="Commit"/> replaces
/// <see cref="RunManifest"/>'s <c>state.json</c> atomically (the commit point), then renames the staged files to their own
/// names, replacing the previous save's. A failure before the commit point deletes the staged files and leaves the
/// previous save whole; a kill after it is rolled forward by <see cref="Recover"/> on the next start.
/// </summary>
internal sealed partial class RunCommit(string runDirectory, long generation)
{
    private readonly List<ManifestFile> _files = [];

    public long Generation => generation;

    /// <summary>Writes <paramref name="name"/>'s new content under its staged name.</summary>
    public void Stage(string name, SaveKind kind, Action<Stream> write)
    {
        string staged = StagedName(name, generation);
        string path = Path.Combine(runDirectory, staged);
        try
        {
            (long bytes, ulong hash) = SaveIo.WriteFile(path, kind, write);
            _files.Add(new ManifestFile(name, kind, staged, bytes, hash));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SaveIo.TryDelete(path);
            Abort();
            throw Failed(name, ex);
        }
    }

    /// <summary>Makes the staged files the run's saved state, then moves them to their own names.</summary>
    public RunManifest Commit(string origin, string weightsLabel, TrainingPosition position, IReadOnlyList<string> keptSnapshots)
    {
        var manifest = new RunManifest(generation, origin, weightsLabel, position, _files, keptSnapshots);
        try
        {
            SaveIo.WriteAtomicText(RunManifest.PathIn(runDirectory), SaveKind.Manifest, manifest.ToJson());
        }
        catch (IOException ex)
        {
            Abort();
            throw Failed(RunManifest.FileName, ex);
        }
        try
        {
            RollForward(runDirectory, manifest);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The save of {runDirectory} is committed ({RunManifest.FileName}), but moving its files into place failed: {ex.Message}. "
                + "Continue with --continue_train: it finishes the move before training.", ex);
        }
        return manifest;
    }

    /// <summary>Deletes this commit's staged files (the previous save stays the run's state).</summary>
    public void Abort()
    {
        foreach (var f in _files)
            SaveIo.TryDelete(Path.Combine(runDirectory, f.Staged!));
        _files.Clear();
    }

    private IOException Failed(string name, Exception ex) => new(
        $"Could not save {Path.Combine(runDirectory, name)}: {ex.Message}. The run stopped; its previous save is unchanged "
        + $"({RunManifest.FileName} still names it), so --continue_train resumes from there once the disk has space or the folder is writable.", ex);

    public static string StagedName(string name, long generation) => string.Create(CultureInfo.InvariantCulture, $".{name}.g{generation}.pending");

    /// <summary>
    /// Brings a run folder to its last commit (call it holding the <see cref="RunLock"/>): finishes the renames of a commit
    /// a kill interrupted, verifies every file the manifest names by length and checksum, and deletes staged files of
    /// saves that never committed. Returns the manifest (null when the run has none) and the snapshot files it names that
    /// are gone (the caller re-creates them from the same weights).
    /// </summary>
    public static (RunManifest? Manifest, IReadOnlyList<ManifestFile> MissingSnapshots, IReadOnlyList<string> Removed) Recover(string runDirectory)
    {
        var manifest = RunManifest.Load(runDirectory);
        var missing = new List<ManifestFile>();
        if (manifest is not null)
            missing.AddRange(RollForward(runDirectory, manifest));
        var named = manifest?.Files.Where(f => f.Staged is not null).Select(f => f.Staged!).ToHashSet(StringComparer.Ordinal) ?? [];
        var removed = new List<string>();
        foreach (string file in Directory.EnumerateFiles(runDirectory, ".*.pending"))
        {
            string name = Path.GetFileName(file);
            if (StagedPattern().IsMatch(name) && !named.Contains(name))
            {
                File.Delete(file);
                removed.Add(name);
            }
        }
        return (manifest, missing, removed);
    }

    /// <summary>Renames the manifest's staged files that are still there, and checks the rest; returns missing snapshots.</summary>
    private static List<ManifestFile> RollForward(string runDirectory, RunManifest manifest)
    {
        var missing = new List<ManifestFile>();
        foreach (var f in manifest.Files)
        {
            string final = Path.Combine(runDirectory, f.Name);
            string? staged = f.Staged is null ? null : Path.Combine(runDirectory, f.Staged);
            if (staged is not null && File.Exists(staged))
            {
                Verify(staged, f, final);
                SaveIo.Rename(staged, final);
            }
            else if (File.Exists(final))
                Verify(final, f, final);
            else if (f.Kind == SaveKind.Snapshot)
                missing.Add(f);
            else
                throw new FileNotFoundException($"{final} is missing, but {RunManifest.PathIn(runDirectory)} names it as part of the run's last save. "
                    + "Restore it, or continue from the weights alone with --continue_train --reset_optimizer (a fresh optimizer: not an exact resume).", final);
        }
        return missing;
    }

    private static void Verify(string path, ManifestFile f, string final)
    {
        long length = new FileInfo(path).Length;
        if (length != f.Bytes || SaveIo.HashFile(path) != f.Hash)
            throw new InvalidDataException($"{final} does not match the run's last save ({RunManifest.FileName} records {f.Bytes} bytes, xxh64 {f.HashText}; "
                + $"the file has {length} bytes{(length == f.Bytes ? " and another checksum" : "")}): it was damaged or replaced. "
                + "Restore it, or continue from the weights alone with --continue_train --reset_optimizer (a fresh optimizer: not an exact resume).");
    }

    [GeneratedRegex(@"^\..+\.g\d+\.pending$")]
    private static partial Regex StagedPattern();
}

namespace Pix2Pix.Engine.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a partial file: the
/// bytes go to a temporary file in the same folder, are flushed to disk, and the temporary file is then renamed
/// over the target. On failure the temporary file is removed and an existing target is left untouched.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; IO failures become <see cref="CheckpointException"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new CheckpointException($"Cannot write '{full}': it is not a file path; give a file name inside a folder.");
        if (!Directory.Exists(directory))
            throw new CheckpointException($"Cannot write '{full}': the folder '{directory}' does not exist; create it first.");
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CheckpointException($"Could not write '{full}': {ex.Message} Check that the folder is writable and the disk has space; any previous file at that path is unchanged.", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a leftover temporary file.
        }
    }
}

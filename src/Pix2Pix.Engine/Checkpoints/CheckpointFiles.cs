namespace Pix2Pix.Engine.Checkpoints;

/// <summary>Opening checkpoint files for reading, with errors that say what to check.</summary>
internal static class CheckpointFiles
{
    public static FileStream OpenRead(string full)
    {
        try
        {
            return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointException($"Checkpoint '{full}' does not exist; check the path (and the epoch name, e.g. 'latest').", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"Checkpoint '{full}' could not be opened: {ex.Message} Check its permissions.", ex);
        }
    }
}

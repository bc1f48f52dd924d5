using System.Globalization;

namespace Pix2Pix.Gan.Training;

/// <summary>Another process (or trainer) holds the run folder.</summary>
internal sealed class RunLockedException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// One training per run folder (issue 15, item 4): <c>train.lock</c> is held open with <see cref="FileShare.None"/> for
/// the whole run — an OS lock (flock on Linux and macOS, a share lock on Windows) that dies with its process, so a
/// killed run never leaves a stale lock. The holder writes its pid, host and start time to <c>train.lock.owner</c>:
/// on Linux every .NET open of a locked file fails, even for reading, so the lock file itself cannot carry them.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "train.lock";
    public const string OwnerFileName = "train.lock.owner";

    private readonly FileStream _lock;
    private readonly string _ownerFile;

    private RunLock(FileStream stream, string ownerFile)
    {
        _lock = stream;
        _ownerFile = ownerFile;
    }

    /// <summary>Takes the lock of <paramref name="runDirectory"/> (which must exist), or throws naming the holder.</summary>
    public static RunLock Acquire(string runDirectory)
    {
        string dir = Path.GetFullPath(runDirectory);
        string lockFile = Path.Combine(dir, FileName);
        string ownerFile = Path.Combine(dir, OwnerFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw new RunLockedException(
                $"Another training is using the run folder {dir} ({Owner(ownerFile)}). Two trainings in one folder overwrite each other's "
                + "checkpoints and log; wait for it to finish or stop it, or train under another --name.", ex);
        }
        string owner = string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on host {Environment.MachineName}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        File.WriteAllText(ownerFile, owner + Environment.NewLine);
        return new RunLock(stream, ownerFile);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover owner file is harmless: only a failed lock reads it.
        }
        _lock.Dispose();
    }

    private static string Owner(string ownerFile)
    {
        try
        {
            string text = File.ReadAllText(ownerFile).Trim();
            return text.Length > 0 ? "held by " + text : "holder unknown";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "holder unknown: no " + OwnerFileName;
        }
    }
}

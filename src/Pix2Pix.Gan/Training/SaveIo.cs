using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;

namespace Pix2Pix.Gan.Training;

/// <summary>The kinds of file a training run writes; each is a site the write-fault seam can break.</summary>
internal enum SaveKind
{
    /// <summary><c>latest_net_*</c> or <c>iter_N_net_*</c>.</summary>
    Weights,

    /// <summary><c>latest_train_state.safetensors</c>.</summary>
    TrainingState,

    /// <summary>An epoch snapshot <c>N_net_*</c>.</summary>
    Snapshot,

    /// <summary><c>state.json</c>, the commit point.</summary>
    Manifest,

    /// <summary><c>options.json</c> and <c>train_opt.txt</c>.</summary>
    Options,

    /// <summary><c>loss_log.txt</c>.</summary>
    LossLog,

    /// <summary>Moving a committed file from its staged name to its own name (after the manifest switched).</summary>
    Rename,
}

/// <summary>
/// A test-only write fault (issue 15's kill and fault-injection tests): at the <see cref="Occurrence"/>-th write of a
/// <see cref="Kind"/> file in this process, after <see cref="Bytes"/> bytes, the process kills itself (SIGKILL) or the
/// write fails as a full disk does. Set for a child process with the environment variable
/// <c>PIX2PIX_TEST_WRITE_FAULT=kind:occurrence:bytes:kill|enospc</c> (e.g. <c>weights:2:1000:kill</c>), or in process
/// with <see cref="SaveIo.Inject"/>.
/// </summary>
internal sealed record WriteFault(SaveKind Kind, int Occurrence, long Bytes, bool Kill)
{
    public const string Variable = "PIX2PIX_TEST_WRITE_FAULT";

    public static WriteFault Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length == 4 && Enum.TryParse(parts[0], ignoreCase: true, out SaveKind kind)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int occurrence) && occurrence >= 1
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long bytes)
            && parts[3] is "kill" or "enospc")
            return new WriteFault(kind, occurrence, bytes, parts[3] == "kill");
        throw new InvalidOperationException($"{Variable}='{text}' is not kind:occurrence:bytes:kill|enospc (kinds: {string.Join(", ", Enum.GetNames<SaveKind>())}); unset it.");
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()}:{Occurrence}:{Bytes}:{(Kill ? "kill" : "enospc")}");
}

/// <summary>
/// The one way a training run writes its files, so every save site goes through the test seam of
/// <see cref="WriteFault"/>: staged and atomic writes, appends, renames. Written bytes are hashed (xxHash64) on the way,
/// for the commit manifest.
/// </summary>
internal static class SaveIo
{
    private static readonly AsyncLocal<FaultPlan?> Injected = new();
    private static readonly Lazy<FaultPlan?> FromEnvironment = new(() =>
        Environment.GetEnvironmentVariable(WriteFault.Variable) is { Length: > 0 } text ? new FaultPlan(WriteFault.Parse(text)) : null);

    /// <summary>Injects <paramref name="fault"/> into the writes of this async flow until disposed (tests).</summary>
    public static IDisposable Inject(WriteFault fault)
    {
        var previous = Injected.Value;
        Injected.Value = new FaultPlan(fault);
        return new Restore(previous);
    }

    private static FaultPlan? Plan => Injected.Value ?? FromEnvironment.Value;

    /// <summary>Creates (or truncates) <paramref name="path"/> for writing through the seam.</summary>
    public static SaveStream Create(string path, SaveKind kind) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), path, Plan?.Arm(kind));

    /// <summary>
    /// Writes <paramref name="path"/> atomically: a temporary file beside it (<c>.name.pid.guid.tmp</c>, which a later
    /// start of the run removes if a kill leaves it), flushed to disk, then renamed over the target. Returns the
    /// length and xxHash64 of what was written.
    /// </summary>
    public static (long Bytes, ulong Hash) WriteAtomic(string path, SaveKind kind, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            (long bytes, ulong hash) = WriteFile(temp, kind, write);
            File.Move(temp, full, overwrite: true);
            return (bytes, hash);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"Could not write {full}: {ex.Message}; the previous {Path.GetFileName(full)} is unchanged. Check the disk's free space and permissions.", ex);
        }
    }

    public static void WriteAtomicText(string path, SaveKind kind, string text) =>
        WriteAtomic(path, kind, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes a whole new file (no rename), flushed to disk; returns its length and xxHash64.</summary>
    public static (long Bytes, ulong Hash) WriteFile(string path, SaveKind kind, Action<Stream> write)
    {
        using var stream = Create(path, kind);
        write(stream);
        stream.FlushToDisk();
        return (stream.Length, stream.Hash);
    }

    /// <summary>Appends <paramref name="text"/> to <paramref name="path"/> (the loss log); a failure names the file.</summary>
    public static void Append(string path, SaveKind kind, string text)
    {
        try
        {
            using var stream = new SaveStream(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), path, Plan?.Arm(kind));
            stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
            stream.Finish();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Could not write {path}: {ex.Message}. Check the disk's free space and permissions; the saved checkpoints are not affected.", ex);
        }
    }

    /// <summary>Renames a staged file to its own name, replacing the old one (a <see cref="SaveKind.Rename"/> site).</summary>
    public static void Rename(string from, string to)
    {
        if (Plan?.Arm(SaveKind.Rename) is { } fault)
            fault.Fire(to);
        File.Move(from, to, overwrite: true);
    }

    /// <summary>The xxHash64 of a whole file, read in blocks.</summary>
    public static ulong HashFile(string path)
    {
        var hash = new XxHash64();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        hash.Append(stream);
        return hash.GetCurrentHashAsUInt64();
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a leftover file; the next start of the run removes it.
        }
    }

    private sealed class Restore(FaultPlan? previous) : IDisposable
    {
        public void Dispose() => Injected.Value = previous;
    }

    /// <summary>One fault and how many writes of its kind this process has made.</summary>
    private sealed class FaultPlan(WriteFault fault)
    {
        private int _seen;

        public ArmedFault? Arm(SaveKind kind) =>
            kind == fault.Kind && Interlocked.Increment(ref _seen) == fault.Occurrence ? new ArmedFault(fault) : null;
    }
}

/// <summary>A fault armed for one write.</summary>
internal sealed class ArmedFault(WriteFault fault)
{
    public long Bytes => fault.Bytes;

    public void Fire(string path)
    {
        if (fault.Kill)
        {
            Console.Error.WriteLine($"{WriteFault.Variable}={fault}: killing this process inside the write of {path}");
            Console.Error.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
        throw new IOException($"No space left on device : '{path}' (injected by {WriteFault.Variable}={fault})");
    }
}

/// <summary>A write-only file stream that hashes what passes and, when a fault is armed, fails after its byte count.</summary>
internal sealed class SaveStream(FileStream inner, string path, ArmedFault? fault) : Stream
{
    private readonly XxHash64 _hash = new();
    private long _written;

    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (fault is not null && _written + buffer.Length > fault.Bytes)
        {
            int part = (int)Math.Max(0, fault.Bytes - _written);
            inner.Write(buffer[..part]);
            inner.Flush();
            fault.Fire(path);
        }
        inner.Write(buffer);
        _hash.Append(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Flushes to the disk (fsync); a fault armed beyond the file's length fires first (a full disk at close).</summary>
    public void FlushToDisk()
    {
        Finish();
        inner.Flush(flushToDisk: true);
    }

    /// <summary>The end of a write: a fault armed beyond what was written fires here, so an armed fault always fires.</summary>
    public void Finish()
    {
        if (fault is not null && fault.Bytes >= _written)
        {
            inner.Flush();
            fault.Fire(path);
        }
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

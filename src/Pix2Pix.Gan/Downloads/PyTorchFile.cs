using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Gan.Downloads;

/// <summary>
/// Recognises a file written by <c>torch.save</c> from its first bytes (<see cref="PthFile.StartsLikePth"/>), without
/// reading it: a zip container or a pickle. A server's error page or an empty body is neither.
/// </summary>
internal static class PyTorchFile
{
    public static bool Looks(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int n = ReadHead(path, head);
        return PthFile.StartsLikePth(head[..n]);
    }

    /// <summary>What the file seems to be instead, for the error message: its size and first bytes as text.</summary>
    public static string Describe(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0)
            return "an empty body";
        Span<byte> head = stackalloc byte[48];
        int n = ReadHead(path, head);
        var text = new string(head[..n].ToArray().Select(b => b is >= 0x20 and < 0x7f ? (char)b : '.').ToArray()).Trim();
        return $"{length} bytes starting with \"{text}\"";
    }

    private static int ReadHead(string path, Span<byte> head)
    {
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
    }
}

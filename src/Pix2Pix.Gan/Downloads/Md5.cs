using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Pix2Pix.Gan.Downloads;

/// <summary>MD5 as lowercase hex: the checksum MNIST's publishers (and torchvision) list for their files.</summary>
internal static class Md5
{
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "Checks a download against the MD5 its publishers list; not used for security.")]
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}

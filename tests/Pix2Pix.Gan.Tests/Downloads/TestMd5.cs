using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Pix2Pix.Gan.Tests.Downloads;

/// <summary>MD5 as lowercase hex, as MNIST's publishers list it.</summary>
internal static class TestMd5
{
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Compares with published download checksums.")]
    public static string Of(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

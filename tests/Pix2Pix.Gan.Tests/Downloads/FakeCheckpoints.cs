using System.Text;

namespace Pix2Pix.Gan.Tests.Downloads;

/// <summary>Bodies a model server might send: the two torch.save formats (by their first bytes) and an error page.</summary>
internal static class FakeCheckpoints
{
    /// <summary>Starts like a legacy torch.save file: pickle protocol 2, then the magic number as a long.</summary>
    public static byte[] LegacyPickle(int length = 3000) => Filled([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19], length);

    /// <summary>Starts like the zip container of PyTorch ≥ 1.6 (a local file header).</summary>
    public static byte[] Zip(int length = 3000) => Filled("PK\u0003\u0004"u8.ToArray(), length);

    public static byte[] HtmlErrorPage() =>
        Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Page not found</title></head><body>Not here.</body></html>");

    private static byte[] Filled(byte[] head, int length)
    {
        var bytes = new byte[length];
        head.CopyTo(bytes, 0);
        for (int i = head.Length; i < length; i++)
            bytes[i] = (byte)(i * 31);
        return bytes;
    }
}

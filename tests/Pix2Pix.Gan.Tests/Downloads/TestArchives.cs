using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Pix2Pix.Gan.Tests.Downloads;

/// <summary>Builds small .tar.gz and .zip archives in memory, including hostile ones.</summary>
internal static class TestArchives
{
    public static byte[] TarGz(params (string Name, string? Content, string? LinkTo)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content, linkTo) in entries)
            {
                PaxTarEntry entry;
                if (linkTo is not null)
                {
                    entry = new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = linkTo };
                }
                else if (content is null)
                {
                    entry = new PaxTarEntry(TarEntryType.Directory, name);
                }
                else
                {
                    entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
                }
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name);
                using var writer = new StreamWriter(entry.Open());
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A zip whose one entry is a Unix symbolic link to <paramref name="target"/>.</summary>
    public static byte[] ZipWithSymlink(string name, string target)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(name);
            entry.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var writer = new StreamWriter(entry.Open());
            writer.Write(target);
        }
        return buffer.ToArray();
    }
}

using System.Formats.Tar;
using System.IO.Compression;

namespace Pix2Pix.Gan.Downloads;

/// <summary>
/// Unpacks .tar.gz and .zip archives into a folder, refusing any entry that would land outside it: absolute
/// paths, drive letters, ".." climbing above the folder, and links whose target leaves it. Links that stay inside
/// are skipped (datasets hold none, and never creating links means no later entry can be written through one).
/// </summary>
internal static class SafeArchiveExtractor
{
    /// <summary>Extracts a gzip-compressed tar archive; returns the number of files written.</summary>
    public static int ExtractTarGz(string archivePath, string destination)
    {
        string root = PrepareRoot(destination);
        int files = 0;
        using var file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        try
        {
            while (reader.GetNextEntry() is { } entry)
            {
                string path = ResolveInside(root, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        WriteFile(path, entry.DataStream);
                        files++;
                        break;
                    case TarEntryType.SymbolicLink:
                        CheckLinkTarget(root, entry.Name, Path.GetDirectoryName(path)!, entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        CheckLinkTarget(root, entry.Name, root, entry.LinkName);
                        break;
                    default:
                        break; // devices, FIFOs and metadata entries carry no dataset content
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetDownloadException($"The archive {Path.GetFileName(archivePath)} is damaged or not a .tar.gz file ({ex.Message}). Delete it and download again.", ex);
        }
        return files;
    }

    /// <summary>Extracts a zip archive; returns the number of files written.</summary>
    public static int ExtractZip(string archivePath, string destination)
    {
        string root = PrepareRoot(destination);
        int files = 0;
        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            foreach (var entry in zip.Entries)
            {
                string path = ResolveInside(root, entry.FullName);
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                {
                    Directory.CreateDirectory(path);
                    continue;
                }
                const int unixTypeMask = 0xF000, unixSymlink = 0xA000;
                if (((entry.ExternalAttributes >> 16) & unixTypeMask) == unixSymlink)
                {
                    using var reader = new StreamReader(entry.Open());
                    CheckLinkTarget(root, entry.FullName, Path.GetDirectoryName(path)!, reader.ReadToEnd());
                    continue;
                }
                using (var data = entry.Open())
                    WriteFile(path, data);
                files++;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetDownloadException($"The archive {Path.GetFileName(archivePath)} is damaged or not a zip file ({ex.Message}). Delete it and download again.", ex);
        }
        return files;
    }

    /// <summary>
    /// The full path of archive entry <paramref name="entryName"/> under <paramref name="root"/>; throws
    /// <see cref="DatasetDownloadException"/> when it is absolute or climbs out of the folder.
    /// </summary>
    public static string ResolveInside(string root, string entryName)
    {
        string name = entryName.Replace('\\', '/');
        if (name.Length == 0 || name.StartsWith('/') || Path.IsPathRooted(name) || (name.Length >= 2 && name[1] == ':'))
            throw Unsafe(entryName, "has an absolute path");
        string full = Path.GetFullPath(Path.Combine(root, name));
        if (!IsInside(root, full))
            throw Unsafe(entryName, "points outside the target folder");
        return full;
    }

    private static void CheckLinkTarget(string root, string entryName, string linkDirectory, string target)
    {
        string t = target.Replace('\\', '/');
        if (t.Length == 0 || t.StartsWith('/') || Path.IsPathRooted(t) || (t.Length >= 2 && t[1] == ':')
            || !IsInside(root, Path.GetFullPath(Path.Combine(linkDirectory, t))))
            throw Unsafe(entryName, $"is a link to '{target}', outside the target folder");
    }

    private static bool IsInside(string root, string fullPath) =>
        fullPath.Length == root.Length - 1 && root.StartsWith(fullPath, StringComparison.Ordinal)
        || fullPath.StartsWith(root, StringComparison.Ordinal);

    private static string PrepareRoot(string destination)
    {
        Directory.CreateDirectory(destination);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
    }

    private static void WriteFile(string path, Stream? data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
        data?.CopyTo(output);
    }

    private static DatasetDownloadException Unsafe(string entryName, string why) =>
        new($"Refusing to unpack the archive: entry '{entryName}' {why}. The file may be corrupt or malicious; nothing outside the target folder was written. Get the dataset from a trusted source.");
}

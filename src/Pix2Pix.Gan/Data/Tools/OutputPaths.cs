using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data.Tools;

/// <summary>
/// Guards for commands that write image files (<c>convert</c>, <c>translate</c>): never overwrite an input, never write
/// outside the output folder (through <c>..</c> or a symbolic link), and the extension of each output format.
/// </summary>
internal static class OutputPaths
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The extension written for a format chosen by name (<c>--format</c>): .png, .jpg or .bmp.</summary>
    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Bmp => ".bmp",
        _ => ".png",
    };

    /// <summary>The absolute path with every symbolic link along it resolved (parts that do not exist yet kept as they are).</summary>
    public static string Real(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "";
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Join(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                next = Real(target.FullName);
            current = next;
        }
        return current;
    }

    /// <summary>The file <paramref name="relative"/> under <paramref name="outputFolder"/>, refused when it would land outside it.</summary>
    /// <exception cref="DataException">The path leaves the output folder through '..' or a symbolic link.</exception>
    public static string Inside(string outputFolder, string relative)
    {
        string folder = Real(outputFolder);
        string target = Real(Path.Join(outputFolder, relative));
        string prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        if (!target.StartsWith(prefix, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            throw new DataException($"'{relative}' would be written to '{target}', outside the output folder '{outputFolder}' (through '..' or a symbolic link); remove the link or choose another --output.");
        return target;
    }

    /// <summary>Refuses a plan in which any output file is one of the inputs, before anything is written.</summary>
    /// <exception cref="DataException">A target is a source (after resolving symbolic links).</exception>
    public static void RefuseOverwritingInputs(IEnumerable<(string Source, string Target)> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.ToList();
        var sources = new Dictionary<string, string>(PathComparer);
        foreach ((string source, _) in list)
            sources[Real(source)] = source;
        foreach ((_, string target) in list)
        {
            if (sources.TryGetValue(Real(target), out string? source))
                throw new DataException($"The output '{target}' is the input '{source}'; inputs are never overwritten. Choose an output file or folder outside the input (e.g. --output results/).");
        }
    }
}

namespace Pix2Pix.Gan.Data;

/// <summary>
/// Finds the image files of a dataset folder like the reference's <c>make_dataset</c>: recursive, filtered by
/// extension, sorted (ordinal, as Python sorts strings), then cut to max_dataset_size.
/// </summary>
internal static class ImageFolder
{
    /// <summary>The reference's IMG_EXTENSIONS (jpg, jpeg, png, ppm, bmp, tif, tiff). The reference accepts only
    /// all-lower or all-upper case; we accept any case so that "photo.Jpg" is not silently skipped.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".tif", ".tiff"];

    public static bool IsImageFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        foreach (string ext in Extensions)
        {
            if (fileName.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>
    /// All image files under <paramref name="folder"/> (sub-folders included), sorted by full path, at most
    /// <paramref name="maxCount"/>. The reference cuts before sorting, in file-system order; we sort first so the
    /// chosen subset is the same on every machine.
    /// </summary>
    /// <exception cref="DataException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Scan(string folder, int maxCount = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (maxCount < 0)
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "maxCount must be 0 or more.");
        if (!Directory.Exists(folder))
            throw new DataException($"Image folder '{folder}' does not exist.");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            MatchType = MatchType.Simple,
        };
        var files = new List<string>();
        foreach (string path in Directory.EnumerateFiles(folder, "*", options))
        {
            if (IsImageFile(path))
                files.Add(path);
        }
        files.Sort(StringComparer.Ordinal);
        if (files.Count > maxCount)
            files.RemoveRange(maxCount, files.Count - maxCount);
        return files;
    }

    /// <summary>A one-line list of the accepted extensions, for error messages.</summary>
    public static string ExtensionList => string.Join(", ", Extensions);
}

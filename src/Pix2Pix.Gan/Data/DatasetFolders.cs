namespace Pix2Pix.Gan.Data;

/// <summary>Finds a mode's image folders and explains the expected layout when they are missing or empty.</summary>
internal static class DatasetFolders
{
    public static string Layout(DatasetMode mode, string phase) => mode switch
    {
        DatasetMode.Aligned => $"--dataset_mode aligned expects <dataroot>/{phase}/ holding images with A and B side by side (A|B, each half one image), e.g. facades/{phase}/1.jpg; use `pix2pix datasets combine` to build them from separate A/ and B/ folders",
        DatasetMode.Unaligned => $"--dataset_mode unaligned expects two folders <dataroot>/{phase}A/ and <dataroot>/{phase}B/ of unpaired images, e.g. horse2zebra/{phase}A/ and horse2zebra/{phase}B/",
        DatasetMode.Single => "--dataset_mode single expects images anywhere under <dataroot>/ (sub-folders included)",
        DatasetMode.Labeled => "--dataset_mode labeled expects one folder per class, <dataroot>/<class>/ holding that class's images (torchvision's ImageFolder layout), e.g. shapes/circle/1.png and shapes/square/1.png; labels follow the sorted folder names",
        _ => $"--dataset_mode colorization expects RGB images under <dataroot>/{phase}/",
    };

    /// <summary>The image folders a folder-based mode reads (none for mnist), as its dataset builds them.</summary>
    public static IReadOnlyList<string> Of(DataOptions options) => options.DatasetMode switch
    {
        DatasetMode.Aligned or DatasetMode.Colorization => [Path.Join(options.DataRoot, options.Phase)],
        DatasetMode.Unaligned => [Path.Join(options.DataRoot, options.Phase + "A"), Path.Join(options.DataRoot, options.Phase + "B")],
        DatasetMode.Single or DatasetMode.Labeled => [options.DataRoot],
        _ => [],
    };

    /// <summary>
    /// Scans <paramref name="folder"/> (leaving out <see cref="DataOptions.ExcludedImages"/>), throwing a <see cref="DataException"/> that names the folder and the layout.
    /// </summary>
    public static IReadOnlyList<string> ScanOrThrow(string folder, DataOptions options)
    {
        string layout = Layout(options.DatasetMode, options.Phase);
        if (!Directory.Exists(folder))
            throw new DataException($"Image folder '{folder}' does not exist. {layout}. Check --dataroot and --phase.");
        IReadOnlyList<string> files = ImageFolder.Scan(folder, options.MaxDatasetSize);
        if (files.Count == 0)
            throw new DataException($"Found no images in '{folder}' (looked for {ImageFolder.ExtensionList}, in sub-folders too). {layout}.");
        if (options.ExcludedImages is not { Count: > 0 } excluded)
            return files;
        var kept = files.Where(f => !excluded.Contains(f)).ToList();
        if (kept.Count == 0)
            throw new DataException($"Every image in '{folder}' is damaged ({files.Count} skipped); there is nothing left to read. Fix or replace the files.");
        return kept;
    }
}

namespace Pix2Pix.Gan.Tests.Data.Support;

/// <summary>
/// Finds the repository root (the folder with Pix2Pix.slnx) above the test's base directory, the current directory
/// or this source file (builds may live outside the tree), and the shared datasets at ../shared/datasets from it.
/// </summary>
internal static class DataTestPaths
{
    private static readonly Lazy<string?> LazyRoot = new(() =>
        Above(AppContext.BaseDirectory) ?? Above(Directory.GetCurrentDirectory()) ?? Above(Path.GetDirectoryName(SourceFile())));

    public static string? RepoRoot => LazyRoot.Value;

    /// <summary>A folder under the shared datasets, or null when it (or the repository root) cannot be found.</summary>
    public static string? SharedDataset(params string[] parts)
    {
        if (RepoRoot is null)
            return null;
        string path = Path.GetFullPath(Path.Combine([RepoRoot, "..", "shared", "datasets", .. parts]));
        return Directory.Exists(path) ? path : null;
    }

    /// <summary>A file under tests/Pix2Pix.Gan.Tests/Data/Fixtures.</summary>
    public static string Fixture(string name) =>
        Path.Combine(RepoRoot ?? throw new InvalidOperationException("Run the tests inside the repository checkout (Pix2Pix.slnx not found)."),
            "tests", "Pix2Pix.Gan.Tests", "Data", "Fixtures", name);

    private static string? Above(string? start)
    {
        if (string.IsNullOrEmpty(start) || !Directory.Exists(start))
            return null;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.slnx")))
                return dir.FullName;
        }
        return null;
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

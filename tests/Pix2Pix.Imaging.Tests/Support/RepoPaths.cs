namespace Pix2Pix.Imaging.Tests.Support;

/// <summary>
/// Finds the repository root (the folder holding Pix2Pix.slnx) by walking up from the test's base directory,
/// and the shared datasets folder beside it (../shared/datasets from the root). When the build output lives
/// outside the tree (PIX2PIX_ARTIFACTS), it falls back to the current directory and then to this source file's
/// compile-time location.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? RootOrNull => LazyRoot.Value;

    /// <summary>The repository root; throws with a clear message when it cannot be found.</summary>
    public static string Root => LazyRoot.Value ?? throw new InvalidOperationException(
        $"Could not find Pix2Pix.slnx above '{AppContext.BaseDirectory}'; run the tests from inside the repository checkout.");

    /// <summary>The shared datasets folder (may not exist; see <see cref="DatasetsOrNull"/>).</summary>
    public static string Datasets => Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets"));

    /// <summary>The shared datasets folder when it exists, else null.</summary>
    public static string? DatasetsOrNull
    {
        get
        {
            if (RootOrNull is null)
                return null;
            string path = Datasets;
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>A path under the datasets folder, e.g. <c>Dataset("facades", "train")</c>, or null when absent.</summary>
    public static string? DatasetOrNull(params string[] parts)
    {
        string? datasets = DatasetsOrNull;
        if (datasets is null)
            return null;
        string path = Path.Combine([datasets, .. parts]);
        return Directory.Exists(path) || File.Exists(path) ? path : null;
    }

    /// <summary>A path under the test fixtures folder of this project (tests/Pix2Pix.Imaging.Tests/Fixtures).</summary>
    public static string Fixture(params string[] parts) =>
        Path.Combine([Root, "tests", "Pix2Pix.Imaging.Tests", "Fixtures", .. parts]);

    private static string? FindRoot() =>
        FindRootAbove(AppContext.BaseDirectory)
        ?? FindRootAbove(Directory.GetCurrentDirectory())
        ?? FindRootAbove(Path.GetDirectoryName(ThisSourceFile()));

    private static string? FindRootAbove(string? start)
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

    private static string ThisSourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

using System.Runtime.CompilerServices;

namespace Pix2Pix.Engine.Tests.Checkpoints;

/// <summary>Where the optimizer/checkpoint fixtures live (Fixtures/optim at the project root), and throw-away folders.</summary>
internal static class CheckpointTestFiles
{
    public static string FixtureDirectory { get; } = Path.Combine(SourceDirectory(), "..", "Fixtures", "optim");

    public static string Fixture(string name)
    {
        string path = Path.Combine(FixtureDirectory, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Fixture '{path}' is missing; run /usr/bin/python3 tools/make_optim_reference.py to write it.", path);
        return path;
    }

    /// <summary>A PyTorch checkpoint fixture (Fixtures/pth, written by tools/make_pth_reference.py).</summary>
    public static string Pth(string name)
    {
        string path = Path.Combine(SourceDirectory(), "..", "Fixtures", "pth", name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Fixture '{path}' is missing; run /usr/bin/python3 tools/make_pth_reference.py to write it.", path);
        return path;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

/// <summary>A fresh empty folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pix2pix-optim-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}

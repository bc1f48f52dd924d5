using System.Text.Json;
using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Support;

/// <summary>
/// Reads reference tensors written by tools/*.py: <c>&lt;name&gt;.json</c> = {"tensors": [{"name", "shape", "offset"}]}
/// (offset in float32 elements) beside <c>&lt;name&gt;.bin</c> = the concatenated little-endian float32 data.
/// </summary>
public sealed class FixtureSet
{
    private readonly Dictionary<string, (int Offset, int[] Shape)> _index = new(StringComparer.Ordinal);
    private readonly float[] _data;

    public FixtureSet(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        Json = doc.RootElement.Clone();
        foreach (var e in Json.GetProperty("tensors").EnumerateArray())
        {
            var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            _index[e.GetProperty("name").GetString()!] = (e.GetProperty("offset").GetInt32(), shape);
        }
        var bytes = File.ReadAllBytes(Path.ChangeExtension(jsonPath, ".bin"));
        _data = new float[bytes.Length / 4];
        for (int i = 0; i < _data.Length; i++)
            _data[i] = BitConverter.ToSingle(bytes, i * 4); // the machines we run on are little-endian, as the file
        Names = [.. _index.Keys];
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The whole JSON index, for extra sections (cases, state-dict listings).</summary>
    public JsonElement Json { get; }

    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>A fresh tensor (its own copy) holding the named reference values.</summary>
    public Tensor Get(string name)
    {
        if (!_index.TryGetValue(name, out var entry))
            throw new KeyNotFoundException($"Fixture has no tensor '{name}'; regenerate it with the tools/ script.");
        int count = 1;
        foreach (int d in entry.Shape) count *= d;
        return new Tensor(_data.AsSpan(entry.Offset, count).ToArray(), entry.Shape);
    }

    /// <summary>The fixture folder tests/Pix2Pix.Engine.Tests/Fixtures/&lt;sub&gt;, found from the repository root.</summary>
    public static string FixturePath(string sub, string file) => Path.Combine(RepoPaths.Root, "tests", "Pix2Pix.Engine.Tests", "Fixtures", sub, file);
}

/// <summary>Locates the repository root (the folder holding Pix2Pix.slnx) from the test's base directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.slnx")))
                return dir.FullName;
        // Built into a separate artifacts folder: fall back to the source tree this file was compiled from.
        var src = new DirectoryInfo(Path.GetDirectoryName(ThisFile())!);
        for (var dir = src; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.slnx")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"Could not find Pix2Pix.slnx above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    });

    public static string Root => s_root.Value;

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

using System.Text.Json;

namespace Pix2Pix.Imaging.Tests.Support;

/// <summary>One decoded-image fixture written by tools/make_imaging_reference.py: a file and its expected pixels.</summary>
public sealed record ImageFixture(string Folder, string File, int Width, int Height, int Channels, string Note)
{
    public string Path => RepoPaths.Fixture(Folder, File);

    public byte[] ExpectedPixels => System.IO.File.ReadAllBytes(RepoPaths.Fixture(Folder, System.IO.Path.ChangeExtension(File, ".raw")));

    public override string ToString() => $"{Folder}/{File}";
}

public static class FixtureManifest
{
    /// <summary>The entries of Fixtures/&lt;folder&gt;/manifest.json.</summary>
    public static IReadOnlyList<ImageFixture> Images(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture(folder, "manifest.json")));
        return doc.RootElement.EnumerateArray().Select(e => new ImageFixture(
            folder,
            e.GetProperty("file").GetString()!,
            e.GetProperty("width").GetInt32(),
            e.GetProperty("height").GetInt32(),
            e.GetProperty("channels").GetInt32(),
            e.GetProperty("note").GetString()!)).ToList();
    }

    /// <summary>xunit member data: one row per file name of Fixtures/&lt;folder&gt;/manifest.json.</summary>
    public static TheoryData<string> FileNames(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var fixture in Images(folder))
            data.Add(fixture.File);
        return data;
    }

    public static ImageFixture Find(string folder, string file) => Images(folder).Single(f => f.File == file);

    public static float[] ReadFloats(params string[] parts)
    {
        byte[] bytes = File.ReadAllBytes(RepoPaths.Fixture(parts));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Fixtures are little-endian float32.");
        return values;
    }

    /// <summary>Describes the first differing pixels so a failing comparison says where and by how much.</summary>
    public static string FirstDifferences(byte[] expected, byte[] actual, int width, int channels, int max = 5)
    {
        var lines = new List<string>();
        for (int i = 0; i < Math.Min(expected.Length, actual.Length) && lines.Count < max; i++)
        {
            if (expected[i] != actual[i])
            {
                int pixel = i / channels;
                lines.Add($"(x={pixel % width}, y={pixel / width}, c={i % channels}): expected {expected[i]}, got {actual[i]}");
            }
        }

        return string.Join("; ", lines);
    }
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>
/// One fixture written by tools/make_jpeg_reference.py: a JPEG and what Pillow (libjpeg-turbo) decodes from it —
/// size, channels, SHA-256 of all pixels, and rows 0, step, 2·step, … of the pixels.
/// </summary>
public sealed class JpegReference
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("width")]
    public int Width { get; set; }

    [JsonPropertyName("height")]
    public int Height { get; set; }

    [JsonPropertyName("channels")]
    public int Channels { get; set; }

    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";

    [JsonPropertyName("row_step")]
    public int RowStep { get; set; }

    [JsonPropertyName("progressive")]
    public bool Progressive { get; set; }

    public static string Folder => RepoPaths.Fixture("jpeg");

    public static IReadOnlyList<JpegReference> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (JpegReference r in All)
            data.Add(r.Name);
        return data;
    }

    public static JpegReference Get(string name) => All.Single(r => r.Name == name);

    public byte[] ReadJpeg() => File.ReadAllBytes(Path.Combine(Folder, Name + ".jpg"));

    /// <summary>The reference rows 0, step, 2·step, … as one byte array.</summary>
    public byte[] ReadRows()
    {
        using var file = File.OpenRead(Path.Combine(Folder, Name + ".rows.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Compares a decoded image with this reference: max abs difference and differing samples on the stored rows.</summary>
    public (int MaxDifference, int DifferentSamples, bool HashMatches) Compare(Image image)
    {
        byte[] rows = ReadRows();
        int stride = Width * Channels;
        int max = 0;
        int different = 0;
        for (int y = 0, r = 0; y < Height; y += RowStep, r++)
        {
            for (int i = 0; i < stride; i++)
            {
                int d = Math.Abs(image.Pixels[(y * stride) + i] - rows[(r * stride) + i]);
                max = Math.Max(max, d);
                different += d != 0 ? 1 : 0;
            }
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(image.Pixels));
        return (max, different, hash == Sha256);
    }

    private static List<JpegReference> Load()
    {
        string json = File.ReadAllText(Path.Combine(Folder, "reference.json"));
        return JsonSerializer.Deserialize<List<JpegReference>>(json) ?? [];
    }
}

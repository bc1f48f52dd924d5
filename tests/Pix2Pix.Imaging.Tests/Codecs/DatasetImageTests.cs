using System.Security.Cryptography;
using System.Text.Json;
using Pix2Pix.Imaging.Color;
using Pix2Pix.Imaging.Resize;
using Pix2Pix.Imaging.Tests.Support;

namespace Pix2Pix.Imaging.Tests.Codecs;

/// <summary>Real dataset files through the whole pipeline: load, split, resize, PNG round trip.</summary>
public class DatasetImageTests
{
    [DatasetFact("facades", "train")]
    public void Facade_pairs_load_resize_and_round_trip_through_png()
    {
        string folder = RepoPaths.DatasetOrNull("facades", "train")!;
        foreach (string path in Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(3))
        {
            Image pair = ColorSpace.ToRgb(ImageCodecs.Load(path));
            Assert.Equal((512, 256), (pair.Width, pair.Height));
            Image resized = ImageResize.Resize(pair, 286 * 2, 286, ResizeFilter.Bicubic);
            Image back = ImageCodecs.Decode(ImageCodecs.EncodePng(resized), path + " (re-encoded)");
            Assert.Equal(resized.Pixels, back.Pixels);
        }
    }

    [DatasetFact("facades", "train")]
    public void Facade_a_halves_resized_to_286_match_pillow_byte_for_byte()
    {
        string folder = RepoPaths.DatasetOrNull("facades", "train")!;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("resize", "facades_digests.json")));
        var failures = new List<string>();
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            string file = entry.GetProperty("file").GetString()!;
            var filter = Enum.Parse<ResizeFilter>(entry.GetProperty("filter").GetString()!, ignoreCase: true);
            Image pair = ColorSpace.ToRgb(ImageCodecs.Load(Path.Combine(folder, file)));
            Image a = LeftHalf(pair);
            Image resized = ImageResize.Resize(a, entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32(), filter);
            string digest = Convert.ToHexStringLower(SHA256.HashData(resized.Pixels));
            if (digest != entry.GetProperty("sha256").GetString())
                failures.Add($"{file} {filter}");
        }

        Assert.True(failures.Count == 0, "differs from Pillow (decode or resize): " + string.Join(", ", failures));
    }

    [DatasetFact("horse2zebra", "trainB")]
    public void Horse2zebra_images_decode_to_gray_or_rgb()
    {
        string folder = RepoPaths.DatasetOrNull("horse2zebra", "trainB")!;
        foreach (string path in Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(20))
        {
            Image image = ImageCodecs.Load(path);
            Assert.Contains(image.Channels, new[] { 1, 3 });
            Assert.Equal(3, ColorSpace.ToRgb(image).Channels);
        }
    }

    private static Image LeftHalf(Image pair)
    {
        int half = pair.Width / 2;
        var a = new Image(half, pair.Height, pair.Channels);
        for (int y = 0; y < pair.Height; y++)
            pair.Pixels.AsSpan(y * pair.Stride, a.Stride).CopyTo(a.Pixels.AsSpan(y * a.Stride));
        return a;
    }
}

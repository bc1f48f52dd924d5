using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Pix2Pix.Imaging.Jpeg;
using Pix2Pix.Imaging.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>
/// Every JPEG of the shared datasets decodes with the expected size and channel count, and its pixels hash to what
/// Pillow decodes (fixture dataset_pixel_hashes.json from tools/make_jpeg_reference.py). Skips without the data.
/// </summary>
public class JpegDecoderDatasetTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<string, string>> PillowHashes = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(JpegReference.Folder, "dataset_pixel_hashes.json"))) ?? []);

    [DatasetTheory("facades")]
    [InlineData("train")]
    [InlineData("val")]
    public void Every_facades_image_decodes_to_512x256_rgb_equal_to_pillow(string split)
    {
        DecodeFolder("facades", split, expectedWidth: 512, expectedHeight: 256);
    }

    [DatasetTheory("horse2zebra")]
    [InlineData("trainA")]
    [InlineData("trainB")]
    [InlineData("testA")]
    [InlineData("testB")]
    public void Every_horse2zebra_image_decodes_to_256x256_equal_to_pillow(string split)
    {
        DecodeFolder("horse2zebra", split, expectedWidth: 256, expectedHeight: 256);
    }

    private void DecodeFolder(string dataset, string split, int expectedWidth, int expectedHeight)
    {
        string folder = Path.Combine(RepoPaths.Datasets, dataset, split);
        string[] files = Directory.GetFiles(folder, "*.jpg");
        Assert.NotEmpty(files);
        int gray = 0;
        int unknown = 0;
        var different = new List<string>();
        var clock = new Stopwatch();
        foreach (string file in files)
        {
            byte[] content = File.ReadAllBytes(file);
            clock.Start();
            Image image = JpegDecoder.Decode(content, file, DecodeLimits.DefaultMaxPixels);
            clock.Stop();
            int components = JpegBytes.ReadFrameHeader(content).Components;
            Assert.True(image.Width == expectedWidth && image.Height == expectedHeight,
                $"{file}: decoded {image.Width}x{image.Height}, expected {expectedWidth}x{expectedHeight}");
            Assert.Equal(components == 1 ? 1 : 3, image.Channels);
            gray += image.Channels == 1 ? 1 : 0;
            string key = $"{dataset}/{split}/{Path.GetFileName(file)}";
            if (!PillowHashes.Value.TryGetValue(key, out string? expected))
                unknown++;
            else if (Convert.ToHexStringLower(SHA256.HashData(image.Pixels))[..16] != expected)
                different.Add(key);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"{folder}: {files.Length} images ({gray} grayscale) decoded in {seconds:F2} s on one thread " +
            $"(wall clock, shared machine) = {files.Length / seconds:F0} images/s; {different.Count} differ from Pillow, {unknown} without a reference hash");
        Assert.True(different.Count == 0, $"{different.Count} images differ from Pillow's pixels, e.g. {string.Join(", ", different.Take(5))}");
    }
}

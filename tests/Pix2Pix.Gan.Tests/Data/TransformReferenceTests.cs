using System.Text.Json;
using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;
using Pix2Pix.Imaging;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Data;

/// <summary>Our transforms against PIL-made references (tools/make_data_reference.py).</summary>
public class TransformReferenceTests(ITestOutputHelper output)
{
    // One 8-bit level after Normalize(0.5, 0.5): resizes may differ from PIL's by one level.
    private const float OneLevel = 2f / 255f + 1e-6f;

    public static TheoryData<string> Cases() => ["resize_and_crop_flip_gray_B", "scale_width_and_crop", "scale_width_flip", "none_rounds_to_multiple_of_4", "crop_only"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transforms_match_the_PIL_reference_within_one_level(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DataTestPaths.Fixture("data_reference.json")));
        JsonElement c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var options = new DataOptions
        {
            DataRoot = "unused",
            DatasetMode = DatasetMode.Aligned,
            Preprocess = DataModeNames.ParsePreprocess(c.GetProperty("preprocess").GetString()!),
            LoadSize = c.GetProperty("load_size").GetInt32(),
            CropSize = c.GetProperty("crop_size").GetInt32(),
            NoFlip = c.GetProperty("no_flip").GetBoolean(),
            InputNc = c.GetProperty("input_nc").GetInt32(),
            OutputNc = c.GetProperty("output_nc").GetInt32(),
        };
        var parameters = new TransformParams(c.GetProperty("crop_x").GetInt32(), c.GetProperty("crop_y").GetInt32(), c.GetProperty("flip").GetBoolean());
        Image pair = ImageOps.ToRgb(ImageCodecs.Load(DataTestPaths.Fixture("data_pair.png")));
        (Image a, Image b) = AlignedDataset.SplitHalves(pair, "data_pair.png");

        Compare("A", ImageTransform.Apply(a, options, parameters, options.ChannelsA == 1), c.GetProperty("A"));
        Compare("B", ImageTransform.Apply(b, options, parameters, options.ChannelsB == 1), c.GetProperty("B"));
    }

    private void Compare(string which, Image actualImage, JsonElement expectedJson)
    {
        int[] shape = expectedJson.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float[] expected = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(expectedJson.GetProperty("data").GetString()!)).ToArray();
        Assert.Equal(shape, new[] { actualImage.Channels, actualImage.Height, actualImage.Width });
        float[] actual = ImageTransform.ToTensorData(actualImage);
        float maxDiff = 0;
        int exact = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            float d = Math.Abs(actual[i] - expected[i]);
            maxDiff = Math.Max(maxDiff, d);
            exact += d == 0 ? 1 : 0;
        }
        output.WriteLine($"{which} [{string.Join(", ", shape)}]: max |diff| = {maxDiff:G4} ({maxDiff * 127.5f:F2} levels), exact {100.0 * exact / actual.Length:F1}%");
        Assert.True(maxDiff <= OneLevel, $"{which}: max difference {maxDiff} exceeds one 8-bit level.");
    }
}

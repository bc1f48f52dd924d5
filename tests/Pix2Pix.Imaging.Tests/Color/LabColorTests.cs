using Pix2Pix.Imaging.Color;
using Pix2Pix.Imaging.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Color;

public class LabColorTests(ITestOutputHelper output)
{
    private static Image Source() => new(37, 29, 3, File.ReadAllBytes(RepoPaths.Fixture("color", "src_rgb.raw")));

    [Fact]
    public void Rgb_to_lab_matches_skimage_formulas_within_1e_minus_3()
    {
        float[] expected = FixtureManifest.ReadFloats("color", "lab.f32");
        float[] actual = ColorSpace.RgbToLab(Source());
        Assert.Equal(expected.Length, actual.Length);
        double worst = MaxDifference(expected, actual, out int at);
        output.WriteLine($"rgb2lab max difference {worst:E2} at {at}");
        Assert.True(worst < 1e-3, $"max difference {worst} at element {at}: expected {expected[at]}, got {actual[at]}");
    }

    [Fact]
    public void Lab_to_rgb_matches_skimage_formulas_including_out_of_gamut_clipping()
    {
        float[] lab = FixtureManifest.ReadFloats("color", "lab_grid.f32");
        float[] expected = FixtureManifest.ReadFloats("color", "lab_grid_rgb.f32");
        var actual = new float[lab.Length];
        LabColor.LabToRgb(lab, actual);
        double worst = MaxDifference(expected, actual, out int at);
        output.WriteLine($"lab2rgb max difference {worst:E2} at {at} over {lab.Length / 3} colours");
        Assert.True(worst < 1e-5, $"max difference {worst} at element {at}: expected {expected[at]}, got {actual[at]}");
        Assert.Contains(expected, v => v == 0f);
        Assert.Contains(expected, v => v == 1f);
    }

    [Fact]
    public void Rgb_to_lab_to_rgb_round_trips_every_8_bit_pixel()
    {
        Image source = Source();
        float[] lab = ColorSpace.RgbToLab(source);
        Image back = ColorSpace.LabToRgb(lab, source.Width, source.Height);
        Assert.Equal(source.Pixels, back.Pixels);
    }

    [Fact]
    public void White_and_black_have_the_expected_lightness()
    {
        float[] lab = ColorSpace.RgbToLab(new Image(2, 1, 3, [255, 255, 255, 0, 0, 0]));
        Assert.Equal(100f, lab[0], 3);
        // skimage's rounded matrix and D65 white do not quite cancel: white has a ≈ 0.005, b ≈ -0.010.
        Assert.InRange(lab[1], -0.02f, 0.02f);
        Assert.InRange(lab[2], -0.02f, 0.02f);
        Assert.Equal(0f, lab[3], 6);
    }

    private static double MaxDifference(float[] expected, float[] actual, out int at)
    {
        double worst = 0;
        at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(expected[i] - actual[i]);
            if (d > worst)
            {
                worst = d;
                at = i;
            }
        }

        return worst;
    }
}

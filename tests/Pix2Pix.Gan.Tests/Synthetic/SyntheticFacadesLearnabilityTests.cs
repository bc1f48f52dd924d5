using Pix2Pix.Gan.Synthetic;
using Xunit.Abstractions;

namespace Pix2Pix.Gan.Tests.Synthetic;

/// <summary>Proxies for "pix2pix can learn label → photo quickly": the photo is mostly a function of the class.</summary>
public class SyntheticFacadesLearnabilityTests(ITestOutputHelper output)
{
    private const int Size = 128;
    private const int Images = 16;

    [Fact]
    public void Mean_photo_colour_of_each_class_is_consistent_across_images()
    {
        var perImageMeans = new List<double[]>[FacadePalette.Count];
        for (int k = 0; k < FacadePalette.Count; k++)
            perImageMeans[k] = [];
        for (int index = 0; index < Images; index++)
        {
            var (label, photo) = SyntheticFacades.Generate(index, Size, 31);
            var sum = new double[FacadePalette.Count, 3];
            var count = new int[FacadePalette.Count];
            ForEachPixel(label, photo, (cls, rgb) =>
            {
                count[cls]++;
                for (int c = 0; c < 3; c++)
                    sum[cls, c] += rgb[c];
            });
            for (int k = 0; k < FacadePalette.Count; k++)
            {
                if (count[k] >= 20)
                    perImageMeans[k].Add([sum[k, 0] / count[k], sum[k, 1] / count[k], sum[k, 2] / count[k]]);
            }
        }

        for (int k = 0; k < FacadePalette.Count; k++)
        {
            var means = perImageMeans[k];
            if (means.Count < 2)
                continue;
            double worstStd = Enumerable.Range(0, 3).Max(c => StdDev(means.Select(m => m[c])));
            output.WriteLine($"{(FacadeClass)k,-10} images {means.Count,2}  mean RGB ({means.Average(m => m[0]):F0}, {means.Average(m => m[1]):F0}, {means.Average(m => m[2]):F0})  worst channel std across images {worstStd:F1}");
            Assert.True(worstStd < 20, $"{(FacadeClass)k}: per-image mean colour varies with std {worstStd:F1} (> 20) across images");
        }
    }

    [Fact]
    public void Predicting_each_pixel_by_its_class_mean_colour_removes_most_of_the_error()
    {
        var sum = new double[FacadePalette.Count, 3];
        var count = new long[FacadePalette.Count];
        var all = new double[3];
        long total = 0;
        var samples = Enumerable.Range(0, Images).Select(i => SyntheticFacades.Generate(i, Size, 8)).ToList();
        foreach (var (label, photo) in samples)
        {
            ForEachPixel(label, photo, (cls, rgb) =>
            {
                count[cls]++;
                total++;
                for (int c = 0; c < 3; c++)
                {
                    sum[cls, c] += rgb[c];
                    all[c] += rgb[c];
                }
            });
        }

        double classError = 0, globalError = 0;
        foreach (var (label, photo) in samples)
        {
            ForEachPixel(label, photo, (cls, rgb) =>
            {
                for (int c = 0; c < 3; c++)
                {
                    classError += Math.Abs(rgb[c] - sum[cls, c] / count[cls]);
                    globalError += Math.Abs(rgb[c] - all[c] / total);
                }
            });
        }
        classError /= total * 3;
        globalError /= total * 3;
        output.WriteLine($"mean |error| per channel: global mean colour {globalError:F1}, class mean colour {classError:F1}");
        Assert.True(classError < 0.6 * globalError, $"class means leave {classError:F1} of {globalError:F1}");
        Assert.True(classError > 2, "the photo should not be a flat recolouring of the labels");
    }

    [Fact]
    public void A_lookup_of_the_local_label_neighbourhood_predicts_unseen_photos_closely()
    {
        // Stands in for a small convolutional net: key = classes at the pixel and at ±1 and ±3 pixels along
        // both axes. What such a local model cannot explain (noise, tint, light gradient) should be small.
        var table = new Dictionary<ulong, (double R, double G, double B, int N)>();
        for (int index = 0; index < Images; index++)
        {
            var (label, photo) = SyntheticFacades.Generate(index, Size, 8);
            var map = SyntheticFacadesLayoutTests.ClassMap(label);
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    ulong key = NeighbourhoodKey(map, x, y);
                    int i = (y * Size + x) * 3;
                    table.TryGetValue(key, out var acc);
                    table[key] = (acc.R + photo.Pixels[i], acc.G + photo.Pixels[i + 1], acc.B + photo.Pixels[i + 2], acc.N + 1);
                }
            }
        }

        double error = 0;
        long pixels = 0, unseen = 0;
        for (int index = 100; index < 104; index++)
        {
            var (label, photo) = SyntheticFacades.Generate(index, Size, 8);
            var map = SyntheticFacadesLayoutTests.ClassMap(label);
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    pixels++;
                    if (!table.TryGetValue(NeighbourhoodKey(map, x, y), out var acc))
                    {
                        unseen++;
                        continue;
                    }
                    int i = (y * Size + x) * 3;
                    error += Math.Abs(photo.Pixels[i] - acc.R / acc.N) + Math.Abs(photo.Pixels[i + 1] - acc.G / acc.N)
                        + Math.Abs(photo.Pixels[i + 2] - acc.B / acc.N);
                }
            }
        }
        error /= (pixels - unseen) * 3;
        output.WriteLine($"neighbourhood lookup: mean |error| per channel {error:F1} on unseen images; {unseen * 100.0 / pixels:F1}% of pixels had an unseen neighbourhood");
        Assert.True(error < 15, $"a local lookup leaves a mean error of {error:F1} per channel");
        Assert.True(unseen < pixels / 5, $"{unseen} of {pixels} neighbourhoods were never seen in training");
    }

    private static ulong NeighbourhoodKey(FacadeClass[,] map, int x, int y)
    {
        ulong key = (ulong)map[y, x];
        foreach (int r in new[] { 1, 3 })
        {
            key = key << 4 | (ulong)map[y, Math.Max(0, x - r)];
            key = key << 4 | (ulong)map[y, Math.Min(Size - 1, x + r)];
            key = key << 4 | (ulong)map[Math.Max(0, y - r), x];
            key = key << 4 | (ulong)map[Math.Min(Size - 1, y + r), x];
        }
        return key;
    }

    private static void ForEachPixel(Pix2Pix.Imaging.Image label, Pix2Pix.Imaging.Image photo, Action<int, byte[]> visit)
    {
        var rgb = new byte[3];
        for (int i = 0; i < label.Pixels.Length; i += 3)
        {
            int cls = (int)FacadePalette.Nearest(label.Pixels[i], label.Pixels[i + 1], label.Pixels[i + 2]);
            rgb[0] = photo.Pixels[i];
            rgb[1] = photo.Pixels[i + 1];
            rgb[2] = photo.Pixels[i + 2];
            visit(cls, rgb);
        }
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}

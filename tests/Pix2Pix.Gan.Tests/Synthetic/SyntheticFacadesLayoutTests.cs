using Pix2Pix.Gan.Synthetic;

namespace Pix2Pix.Gan.Tests.Synthetic;

public class SyntheticFacadesLayoutTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(300)]
    public void Aligned_image_is_photo_on_the_left_and_label_on_the_right(int size)
    {
        var (label, photo) = SyntheticFacades.Generate(2, size, 9);
        var aligned = SyntheticFacades.GenerateAligned(2, size, 9);
        Assert.Equal((size, size, 3), (label.Width, label.Height, label.Channels));
        Assert.Equal((size, size, 3), (photo.Width, photo.Height, photo.Channels));
        Assert.Equal((2 * size, size, 3), (aligned.Width, aligned.Height, aligned.Channels));
        for (int y = 0; y < size; y += 7)
        {
            Assert.True(aligned.Pixels.AsSpan(y * aligned.Stride, photo.Stride).SequenceEqual(photo.Pixels.AsSpan(y * photo.Stride, photo.Stride)));
            Assert.True(aligned.Pixels.AsSpan(y * aligned.Stride + photo.Stride, label.Stride).SequenceEqual(label.Pixels.AsSpan(y * label.Stride, label.Stride)));
        }
    }

    [Fact]
    public void Label_pixels_use_only_palette_colours_and_every_class_appears_in_a_few_samples()
    {
        var seen = new HashSet<FacadeClass>();
        for (int index = 0; index < 12; index++)
        {
            var (label, _) = SyntheticFacades.Generate(index, 128, 2026);
            var px = label.Pixels;
            for (int i = 0; i < px.Length; i += 3)
            {
                var cls = FacadePalette.Nearest(px[i], px[i + 1], px[i + 2]);
                Assert.Equal(FacadePalette.Color(cls), (px[i], px[i + 1], px[i + 2]));
                seen.Add(cls);
            }
        }
        var missing = Enum.GetValues<FacadeClass>().Except(seen).ToList();
        Assert.True(missing.Count == 0, "classes never drawn: " + string.Join(", ", missing));
    }

    [Fact]
    public void Palette_colours_are_distinct_and_well_separated()
    {
        var classes = Enum.GetValues<FacadeClass>();
        Assert.Equal(FacadePalette.Count, classes.Length);
        foreach (var a in classes)
        {
            foreach (var b in classes.Where(b => b > a))
            {
                var (r1, g1, b1) = FacadePalette.Color(a);
                var (r2, g2, b2) = FacadePalette.Color(b);
                int distance = Math.Abs(r1 - r2) + Math.Abs(g1 - g2) + Math.Abs(b1 - b2);
                Assert.True(distance >= 60, $"{a} and {b} are only {distance} apart");
            }
        }
    }

    [Fact]
    public void The_photo_half_is_not_a_copy_of_the_label_half()
    {
        var (label, photo) = SyntheticFacades.Generate(4, 128, 3);
        double meanAbs = label.Pixels.Zip(photo.Pixels).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(meanAbs > 40, $"mean |photo - label| is only {meanAbs:F1}");
    }

    [Fact]
    public void Facades_have_sky_above_and_building_below()
    {
        for (int index = 0; index < 5; index++)
        {
            var map = ClassMap(SyntheticFacades.Generate(index, 128, 77).Label);
            Assert.Equal(FacadeClass.Background, map[0, 64]);
            Assert.True(Enumerable.Range(0, 128).Count(x => map[100, x] != FacadeClass.Background) > 100);
            Assert.True(Enumerable.Range(0, 128 * 128).Count(i => map[i / 128, i % 128] == FacadeClass.Window) > 128 * 128 / 20);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(99)]
    [InlineData(257)]
    [InlineData(512)]
    public void Layout_elements_are_non_empty_and_inside_the_image_at_any_supported_size(int size)
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            var rng = new SplitMix64(seed);
            foreach (var el in FacadeLayout.Create(size, ref rng))
            {
                Assert.True(el.Width > 0 && el.Height > 0, $"empty {el} at size {size}, seed {seed}");
                Assert.True(el.X0 >= 0 && el.Y0 >= 0 && el.X1 <= size && el.Y1 <= size, $"{el} leaves the {size}² image");
            }
        }
    }

    internal static FacadeClass[,] ClassMap(Pix2Pix.Imaging.Image label)
    {
        var map = new FacadeClass[label.Height, label.Width];
        for (int y = 0; y < label.Height; y++)
        {
            for (int x = 0; x < label.Width; x++)
            {
                int i = (y * label.Width + x) * 3;
                map[y, x] = FacadePalette.Nearest(label.Pixels[i], label.Pixels[i + 1], label.Pixels[i + 2]);
            }
        }
        return map;
    }
}

using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Synthetic;

/// <summary>
/// Turns a facade layout into its two pictures: the label map (flat CMP class colours) and a rendered "photo".
/// The photo is mostly a local function of the labels — each class has its own colour and texture (plaster with
/// brick courses, framed glass with a mullion, a transom and a diagonal reflection, wooden doors, stone cornices
/// and sills, railings, slatted shutters, fluted pillars, shop fronts with a sign band) — plus some structure a
/// network must infer from context: shadows under protruding parts, a light gradient from the upper left, a
/// small per-image tint and exposure, and mild pixel noise.
/// </summary>
internal static class FacadeRenderer
{
    /// <summary>Paints the elements into a class map of <paramref name="size"/>² bytes (row-major).</summary>
    public static byte[] Rasterize(IReadOnlyList<FacadeElement> elements, int size)
    {
        var map = new byte[size * size];
        foreach (var el in elements)
        {
            for (int y = el.Y0; y < el.Y1; y++)
                map.AsSpan(y * size + el.X0, Math.Max(0, el.Width)).Fill((byte)el.Class);
        }
        return map;
    }

    /// <summary>The label map: each pixel in the colour of its class.</summary>
    public static Image RenderLabel(ReadOnlySpan<byte> classMap, int size)
    {
        var image = new Image(size, size, 3);
        var px = image.Pixels;
        for (int i = 0; i < classMap.Length; i++)
        {
            var (r, g, b) = FacadePalette.Color((FacadeClass)classMap[i]);
            px[i * 3] = r;
            px[i * 3 + 1] = g;
            px[i * 3 + 2] = b;
        }
        return image;
    }

    /// <summary>The rendered photo of the layout.</summary>
    public static Image RenderPhoto(IReadOnlyList<FacadeElement> elements, ReadOnlySpan<byte> classMap, int size, ref SplitMix64 rng)
    {
        var look = new Look(
            WallTint: new Rgb((float)rng.Uniform(-5, 5), (float)rng.Uniform(-5, 5), (float)rng.Uniform(-5, 5)),
            Exposure: (float)rng.Uniform(0.97, 1.03),
            NoiseSeed: rng.NextUInt64(),
            Size: size);

        var rgb = new float[size * size * 3];
        foreach (var el in elements)
            PaintElement(el, look, rgb);
        ApplyLight(classMap, look, rgb);
        return ToImage(rgb, size);
    }

    private readonly record struct Look(Rgb WallTint, float Exposure, ulong NoiseSeed, int Size);

    private static void PaintElement(FacadeElement el, Look look, float[] rgb)
    {
        int size = look.Size;
        for (int y = el.Y0; y < el.Y1; y++)
        {
            for (int x = el.X0; x < el.X1; x++)
            {
                var c = FacadeShading.Shade(el, x - el.X0, y - el.Y0, x, y, look.Size, look.WallTint);
                int i = (y * size + x) * 3;
                rgb[i] = c.R;
                rgb[i + 1] = c.G;
                rgb[i + 2] = c.B;
            }
        }
    }

    private static void ApplyLight(ReadOnlySpan<byte> classMap, Look look, float[] rgb)
    {
        int size = look.Size;
        int shadowDepth = Math.Max(1, size / 100);
        float inv = 1f / size;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int p = y * size + x;
                var cls = (FacadeClass)classMap[p];
                float light = cls == FacadeClass.Background ? 1f : 1.06f - 0.12f * x * inv - 0.06f * y * inv;
                if (cls == FacadeClass.Facade && UnderProtrusion(classMap, x, y, size, shadowDepth))
                    light *= 0.78f;
                ulong h = SplitMix64.Mix(look.NoiseSeed ^ (ulong)p * 0x9E3779B97F4A7C15UL);
                float noise = ((h & 0xFF) - 127.5f) * (4f / 128f);
                float k = light * look.Exposure;
                int i = p * 3;
                rgb[i] = rgb[i] * k + noise;
                rgb[i + 1] = rgb[i + 1] * k + noise;
                rgb[i + 2] = rgb[i + 2] * k + noise;
            }
        }
    }

    private static bool UnderProtrusion(ReadOnlySpan<byte> classMap, int x, int y, int size, int depth)
    {
        for (int d = 1; d <= depth && y - d >= 0; d++)
        {
            var above = (FacadeClass)classMap[(y - d) * size + x];
            if (above is FacadeClass.Cornice or FacadeClass.Sill or FacadeClass.Balcony or FacadeClass.Deco)
                return true;
        }
        return false;
    }

    private static Image ToImage(float[] rgb, int size)
    {
        var image = new Image(size, size, 3);
        var px = image.Pixels;
        for (int i = 0; i < rgb.Length; i++)
            px[i] = (byte)Math.Clamp((int)MathF.Round(rgb[i]), 0, 255);
        return image;
    }
}

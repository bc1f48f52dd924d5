using Pix2Pix.Engine;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Visuals;

/// <summary>
/// torchvision's <c>make_grid(x, nrow=8, padding=2, normalize=True)</c> followed by <c>save_image</c>'s rounding: the
/// images min–max scaled to [0, 1] over the whole batch, laid out 8 per row with 2 black pixels around every cell
/// (so 28-pixel digits sit 30 pixels apart), then ·255 + 0.5, clamped and truncated. With <c>scaleEach</c>
/// (<c>make_grid(…, scale_each=True)</c>, the PGGAN write-up's grid) every image is min–max scaled on its own.
/// </summary>
internal static class ImageGrid
{
    /// <summary>The grid as a [1, C, H, W] tensor in [−1, 1] (black padding = −1), for the training page.</summary>
    public static Tensor Make(Tensor images, int perRow = 8, int padding = 2, bool scaleEach = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4)
            throw new ArgumentException($"A grid needs images [N, C, H, W]; got {Tensor.ShapeString(images.Shape)}.", nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(perRow, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        int n = images.Dim(0), c = images.Dim(1), h = images.Dim(2), w = images.Dim(3);
        int cols = Math.Min(perRow, n), rows = (n + perRow - 1) / perRow;
        int cellH = h + padding, cellW = w + padding;
        int gh = rows * cellH + padding, gw = cols * cellW + padding;
        var src = images.Data.AsSpan(0, images.Count);
        var (min, max) = Range(src);
        var grid = new float[c * gh * gw];
        Array.Fill(grid, -1f);
        for (int i = 0; i < n; i++)
        {
            if (scaleEach)
                (min, max) = Range(src.Slice(i * c * h * w, c * h * w));
            float scale = 1f / Math.Max(max - min, 1e-5f);   // torchvision: clamp(min, max), then (x − min) / max(max − min, 1e−5)
            int top = i / perRow * cellH + padding, left = i % perRow * cellW + padding;
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        float unit = (Math.Clamp(src[((i * c + ch) * h + y) * w + x], min, max) - min) * scale;
                        grid[(ch * gh + top + y) * gw + left + x] = unit * 2f - 1f;
                    }
        }
        return new Tensor(grid, 1, c, gh, gw);
    }

    private static (float Min, float Max) Range(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return (min, max);
    }

    /// <summary>The grid as an 8-bit image, rounded as torchvision's <c>save_image</c> does.</summary>
    public static Image ToImage(Tensor images, int perRow = 8, int padding = 2, bool scaleEach = false)
    {
        var grid = Make(images, perRow, padding, scaleEach);
        int c = grid.Dim(1), h = grid.Dim(2), w = grid.Dim(3);
        var image = new Image(w, h, c);
        for (int ch = 0; ch < c; ch++)
            for (int p = 0; p < h * w; p++)
                image.Pixels[p * c + ch] = (byte)Math.Clamp((grid.Data[ch * h * w + p] + 1f) / 2f * 255f + 0.5f, 0f, 255f);
        return image;
    }
}

namespace Pix2Pix.Imaging.Geometry;

/// <summary>Pixel-exact crops and flips (Pillow's <c>Image.crop</c> inside the image, and <c>FLIP_LEFT_RIGHT</c>).</summary>
public static class ImageGeometry
{
    /// <summary>Copies the <paramref name="width"/> × <paramref name="height"/> rectangle whose top-left corner is
    /// (<paramref name="x"/>, <paramref name="y"/>); the rectangle must lie inside the image.</summary>
    public static Image Crop(Image source, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || (long)x + width > source.Width || (long)y + height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x),
                $"Crop {width}x{height} at ({x}, {y}) does not fit inside the {source.Width}x{source.Height} image; choose a rectangle inside it.");
        }

        int channels = source.Channels;
        var dst = new Image(width, height, channels);
        int rowBytes = width * channels;
        for (int row = 0; row < height; row++)
            source.Pixels.AsSpan(((y + row) * source.Width + x) * channels, rowBytes).CopyTo(dst.Pixels.AsSpan(row * rowBytes, rowBytes));
        return dst;
    }

    /// <summary>A mirrored copy: column x becomes column Width − 1 − x.</summary>
    public static Image FlipHorizontal(Image source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int channels = source.Channels;
        var dst = new Image(source.Width, source.Height, channels);
        for (int y = 0; y < source.Height; y++)
        {
            ReadOnlySpan<byte> inRow = source.Pixels.AsSpan(y * source.Stride, source.Stride);
            Span<byte> outRow = dst.Pixels.AsSpan(y * source.Stride, source.Stride);
            for (int x = 0; x < source.Width; x++)
                inRow.Slice(x * channels, channels).CopyTo(outRow.Slice((source.Width - 1 - x) * channels, channels));
        }

        return dst;
    }
}

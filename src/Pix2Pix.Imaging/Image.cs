namespace Pix2Pix.Imaging;

/// <summary>
/// An 8-bit image: <see cref="Height"/> rows of <see cref="Width"/> pixels of <see cref="Channels"/> interleaved
/// bytes (1 = gray, 3 = RGB, 4 = RGBA), top row first.
/// </summary>
public sealed class Image
{
    /// <summary>An image of the given size over <paramref name="pixels"/> (not copied), or a black one when it is null.</summary>
    /// <param name="width">Pixels per row (positive).</param>
    /// <param name="height">Rows (positive).</param>
    /// <param name="channels">1 (gray), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="pixels">width × height × channels interleaved bytes, or null for a new zeroed buffer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the channel count is invalid.</exception>
    /// <exception cref="ArgumentException">The buffer's length does not match the size.</exception>
    public Image(int width, int height, int channels, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} is invalid; width and height must be positive.");
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (gray), 3 (RGB) or 4 (RGBA).");
        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image {width}x{height}x{channels} is too large for one buffer.");
        pixels ??= new byte[length];
        if (pixels.Length != length)
            throw new ArgumentException($"A {width}x{height} image with {channels} channels needs {length} bytes, not {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Bytes per pixel: 1 (gray), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Interleaved pixel bytes, row after row: index = (y * Width + x) * Channels + c.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row: <see cref="Width"/> × <see cref="Channels"/>.</summary>
    public int Stride => Width * Channels;
}

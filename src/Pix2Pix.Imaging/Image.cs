namespace Pix2Pix.Imaging;

/// <summary>
/// An 8-bit image: <see cref="Height"/> rows of <see cref="Width"/> pixels of <see cref="Channels"/> interleaved
/// bytes (1 = gray, 3 = RGB, 4 = RGBA), top row first.
/// </summary>
public sealed class Image
{
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

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Interleaved pixel bytes, row after row: index = (y * Width + x) * Channels + c.</summary>
    public byte[] Pixels { get; }

    public int Stride => Width * Channels;
}

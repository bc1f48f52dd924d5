namespace Pix2Pix.Imaging;

/// <summary>
/// Size limits applied by every decoder before it allocates pixel memory, so a small hostile file that claims huge
/// dimensions (a "decompression bomb") fails fast instead of exhausting memory.
/// </summary>
public static class DecodeLimits
{
    /// <summary>
    /// The default pixel-count limit: 178,956,970 pixels, the same as Pillow's hard error threshold
    /// (2 × <c>Image.MAX_IMAGE_PIXELS</c>), e.g. about 13,377 × 13,377.
    /// </summary>
    public const long DefaultMaxPixels = 178_956_970;

    /// <summary>
    /// Throws <see cref="ImageDecodeException"/> unless a <paramref name="width"/> × <paramref name="height"/> image
    /// with <paramref name="channels"/> 8-bit channels is positive, within <paramref name="maxPixels"/>, and fits in
    /// one .NET array. Call it before allocating anything proportional to the image size.
    /// </summary>
    public static void EnsureAllowed(long width, long height, int channels, long maxPixels, string sourceName, string location)
    {
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException(sourceName, location, $"the image size {width}x{height} is invalid; width and height must be positive, so the file is corrupt");
        long pixels = width * height;
        if (pixels > maxPixels)
        {
            throw new ImageDecodeException(sourceName, location,
                $"the image is {width}x{height} = {pixels:N0} pixels, above the limit of {maxPixels:N0}; " +
                "if you trust this file, raise the maxPixels limit, otherwise it may be a decompression bomb");
        }

        if (pixels * Math.Max(channels, 1) > Array.MaxLength)
            throw new ImageDecodeException(sourceName, location, $"the image is {width}x{height} with {channels} channels, too large for one buffer; downscale it first");
    }
}

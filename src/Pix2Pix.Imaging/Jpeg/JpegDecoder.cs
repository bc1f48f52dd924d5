namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// Decodes baseline, extended-sequential and progressive Huffman JPEGs with 8-bit samples (gray or YCbCr/RGB, any
/// integral sampling factors, restart intervals) into 8-bit images whose pixels equal libjpeg-turbo's default
/// output (accurate integer IDCT, fancy upsampling) as Pillow returns them.
/// </summary>
internal static class JpegDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/>: a 1-channel image for grayscale JPEGs, 3-channel RGB otherwise.
    /// </summary>
    /// <param name="data">The whole JPEG file.</param>
    /// <param name="sourceName">The file name (or other description) used in error messages.</param>
    /// <param name="maxPixels">Images with more pixels are refused before any pixel memory is allocated.</param>
    /// <exception cref="ImageDecodeException">The data is not a JPEG, is corrupt or truncated, is too large, or uses an
    /// unsupported feature (arithmetic coding, lossless, hierarchical, 12-bit, CMYK/YCCK).</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        return new JpegReader(data.ToArray(), sourceName, maxPixels).Decode();
    }
}

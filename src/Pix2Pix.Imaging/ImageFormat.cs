namespace Pix2Pix.Imaging;

/// <summary>An image file format recognised by its magic bytes (<see cref="ImageCodecs.DetectFormat"/>).</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Bmp,
    Pnm,
    Tiff,
    Gif,
    WebP,
}

namespace Pix2Pix.Imaging;

/// <summary>An image file format recognised by its magic bytes (<see cref="ImageCodecs.DetectFormat"/>).</summary>
public enum ImageFormat
{
    /// <summary>No format we recognise.</summary>
    Unknown,
    /// <summary>PNG (read and written).</summary>
    Png,
    /// <summary>JPEG, baseline and progressive (read; baseline written).</summary>
    Jpeg,
    /// <summary>Windows BMP (read and written).</summary>
    Bmp,
    /// <summary>Netpbm PBM/PGM/PPM (read).</summary>
    Pnm,
    /// <summary>TIFF (recognised, not supported).</summary>
    Tiff,
    /// <summary>GIF (recognised, not supported).</summary>
    Gif,
    /// <summary>WebP (recognised, not supported).</summary>
    WebP,
}

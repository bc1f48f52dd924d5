using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging;

/// <summary>Encoder settings for <see cref="ImageCodecs.Save"/>; PNG and BMP have none, JPEG its quality and chroma sampling.</summary>
public sealed record ImageSaveOptions
{
    /// <summary>The defaults: JPEG quality 95 with 4:2:0 chroma.</summary>
    public static ImageSaveOptions Default { get; } = new();

    /// <summary>JPEG quality 1–100, scaling the standard tables as libjpeg and Pillow do.</summary>
    public int Quality { get; init; } = JpegEncoder.DefaultQuality;

    /// <summary>JPEG chroma subsampling (4:2:0 by default, as Pillow).</summary>
    internal JpegSubsampling Subsampling { get; init; } = JpegSubsampling.Chroma420;
}

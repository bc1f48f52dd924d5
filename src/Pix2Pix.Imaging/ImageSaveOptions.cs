using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging;

/// <summary>Encoder settings for <see cref="ImageCodecs.Save"/>; PNG and BMP have none, JPEG its quality and chroma sampling.</summary>
public sealed record ImageSaveOptions
{
    public static ImageSaveOptions Default { get; } = new();

    /// <summary>JPEG quality 1–100, scaling the standard tables as libjpeg and Pillow do.</summary>
    public int Quality { get; init; } = JpegEncoder.DefaultQuality;

    public JpegSubsampling Subsampling { get; init; } = JpegSubsampling.Chroma420;
}

namespace Pix2Pix.Imaging.Resize;

/// <summary>Resampling filters, matching Pillow's <c>Image.NEAREST</c>, <c>BILINEAR</c>, <c>BICUBIC</c>, <c>LANCZOS</c>.</summary>
internal enum ResizeFilter
{
    Nearest,
    Bilinear,
    Bicubic,
    Lanczos,
}

using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Color;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Data;

/// <summary>The data pipeline's calls into Pix2Pix.Imaging, in one place.</summary>
internal static class DataImaging
{
    /// <summary>Decodes a file and converts it to RGB like PIL's <c>Image.open(path).convert('RGB')</c>.</summary>
    public static Image LoadRgb(string path) => ImageOps.ToRgb(ImageCodecs.Load(path));

    /// <summary>PIL's <c>resize((w, h), BICUBIC)</c>.</summary>
    public static Image ResizeBicubic(Image image, int width, int height) =>
        ImageResize.Resize(image, width, height, ResizeFilter.Bicubic);

    /// <summary>skimage's <c>rgb2lab</c> of an RGB image: H·W·3 floats (L in [0, 100]).</summary>
    public static float[] RgbToLab(Image rgb) => ColorSpace.RgbToLab(rgb);
}

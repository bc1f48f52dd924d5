using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Color;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Data;

/// <summary>The data pipeline's calls into Pix2Pix.Imaging, in one place.</summary>
internal static class DataImaging
{
    /// <summary>Decodes a file and converts it to RGB like PIL's <c>Image.open(path).convert('RGB')</c>.</summary>
    public static Image LoadRgb(string path) => ImageOps.ToRgb(ImageCodecs.Load(path));

    /// <summary>
    /// One image as the single, unaligned and labeled modes serve it: decoded as RGB, transformed with parameters drawn
    /// from <paramref name="random"/> (the reference's <c>get_params</c> + <c>get_transform</c>), gray when
    /// <paramref name="channels"/> is 1, as a [C, H, W] tensor in [−1, 1].
    /// </summary>
    public static Pix2Pix.Engine.Tensor LoadTransformed(string path, DataOptions options, int channels, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        Image image = LoadRgb(path);
        var parameters = TransformParams.Draw(options, image.Width, image.Height, random);
        return AlignedDataset.ToTensor(ImageTransform.Apply(image, options, parameters, grayscale: channels == 1));
    }

    /// <summary>PIL's <c>resize((w, h), BICUBIC)</c>.</summary>
    public static Image ResizeBicubic(Image image, int width, int height) =>
        ImageResize.Resize(image, width, height, ResizeFilter.Bicubic);

    /// <summary>skimage's <c>rgb2lab</c> of an RGB image: H·W·3 floats (L in [0, 100]).</summary>
    public static float[] RgbToLab(Image rgb) => ColorSpace.RgbToLab(rgb);
}

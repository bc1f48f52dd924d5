using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// The reference's <c>get_transform</c> on an 8-bit image: optional grayscale, then the --preprocess geometry
/// (resize / scale_width, crop, make_power_2), then the flip. <see cref="ToTensorData"/> does ToTensor + Normalize.
/// </summary>
internal static class ImageTransform
{
    /// <summary>Applies grayscale (if asked), preprocessing and flip, as the reference's transform list does.</summary>
    public static Image Apply(Image image, DataOptions options, TransformParams parameters, bool grayscale)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        if (grayscale)
            image = ImageOps.ToGray(image);
        image = ApplyGeometry(image, options, parameters);
        if (!options.NoFlip && parameters.Flip)
            image = ImageOps.FlipHorizontal(image);
        return image;
    }

    /// <summary>The size an image of <paramref name="width"/>×<paramref name="height"/> has after preprocessing.</summary>
    public static (int Width, int Height) OutputSize(int width, int height, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (int w, int h) = ResizedSize(width, height, options);
        if (IsCropping(options.Preprocess) && (w > options.CropSize || h > options.CropSize))
            (w, h) = (options.CropSize, options.CropSize);
        if (options.Preprocess == PreprocessMode.None)
            (w, h) = (MakePower2Side(w), MakePower2Side(h));
        return (w, h);
    }

    /// <summary>Bytes (1 or 3 channels) → [C, H, W] floats in [−1, 1].</summary>
    public static float[] ToTensorData(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] data = new float[image.Width * image.Height * image.Channels];
        ImageOps.ToNormalizedPlanes(image, data);
        return data;
    }

    private static Image ApplyGeometry(Image image, DataOptions options, TransformParams parameters)
    {
        (int w, int h) = ResizedSize(image.Width, image.Height, options);
        if (w != image.Width || h != image.Height)
            image = DataImaging.ResizeBicubic(image, w, h);

        int crop = options.CropSize;
        if (IsCropping(options.Preprocess) && (image.Width > crop || image.Height > crop))
            image = ImageOps.Crop(image, parameters.CropX, parameters.CropY, crop, crop);

        if (options.Preprocess == PreprocessMode.None)
        {
            int pw = MakePower2Side(image.Width);
            int ph = MakePower2Side(image.Height);
            if (pw == 0 || ph == 0)
                throw new DataException(
                    $"An image of {image.Width}x{image.Height} pixels is too small for --preprocess none, which rounds each side to a multiple of 4; use images of at least 2x2 pixels.");
            if (pw != image.Width || ph != image.Height)
                image = DataImaging.ResizeBicubic(image, pw, ph);
        }
        return image;
    }

    private static (int Width, int Height) ResizedSize(int width, int height, DataOptions options)
    {
        switch (options.Preprocess)
        {
            case PreprocessMode.ResizeAndCrop:
                return (options.LoadSize, options.LoadSize);
            case PreprocessMode.ScaleWidth:
            case PreprocessMode.ScaleWidthAndCrop:
                // The reference's __scale_width: width → load_size, height = max(load_size·h/w, crop_size).
                if (width == options.LoadSize && height >= options.CropSize)
                    return (width, height);
                int h = (int)Math.Max((long)options.LoadSize * height / width, options.CropSize);
                return (options.LoadSize, h);
            default:
                return (width, height);
        }
    }

    private static bool IsCropping(PreprocessMode mode) =>
        mode is PreprocessMode.ResizeAndCrop or PreprocessMode.Crop or PreprocessMode.ScaleWidthAndCrop;

    // The reference's __make_power_2 with base 4: int(round(side / 4) * 4), Python rounding halves to even.
    private static int MakePower2Side(int side) => (int)(Math.Round(side / 4.0, MidpointRounding.ToEven) * 4);
}

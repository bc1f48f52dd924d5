using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Networks;
using Pix2Pix.Imaging;
using Pix2Pix.Imaging.Resize;

namespace Pix2Pix.Gan.Inference;

/// <summary>An image brought to a size the generator accepts, and how to bring the result back to the image's size.</summary>
internal sealed record FittedImage(Image Input, FitMode Fit, int Width, int Height, int Left, int Top)
{
    /// <summary>Brings a result of the network's size back to the original's: crops the padding or scales back.</summary>
    public Image Restore(Image result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Width == Width && result.Height == Height)
            return result;
        return Fit == FitMode.Pad
            ? ImageOps.Crop(result, Left, Top, Width, Height)
            : ImageResize.Resize(result, Width, Height, ResizeFilter.Bicubic);
    }
}

/// <summary>The <see cref="FitMode"/> transforms: the size each picks and the padding.</summary>
internal static class ImageFit
{
    /// <summary>
    /// Brings <paramref name="image"/> to a size <paramref name="rule"/> accepts. <see cref="FitMode.Exact"/> throws when
    /// it does not fit; <see cref="FitMode.Resize"/> goes to the nearest accepted sides; <see cref="FitMode.Pad"/> to the
    /// next larger ones, padding split evenly (the extra pixel right and bottom).
    /// </summary>
    /// <exception cref="ArgumentException">Exact, and a side does not fit: the message names the file and the choices.</exception>
    public static FittedImage Fit(Image image, SizeRule rule, FitMode fit, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(rule);
        int w = image.Width, h = image.Height;
        if (rule.Fits(w) && rule.Fits(h))
            return new FittedImage(image, fit, w, h, 0, 0);
        switch (fit)
        {
            case FitMode.Resize:
                return new FittedImage(ImageResize.Resize(image, rule.Nearest(w), rule.Nearest(h), ResizeFilter.Bicubic), fit, w, h, 0, 0);
            case FitMode.Pad:
                int pw = NextFit(rule, w) - w, ph = NextFit(rule, h) - h;
                return new FittedImage(ReflectPad(image, pw / 2, pw - pw / 2, ph / 2, ph - ph / 2), fit, w, h, pw / 2, ph / 2);
            default:
                throw new ArgumentException($"{sourceName} is {w}x{h}, but this generator needs sides that are {rule.Requirement}. "
                    + $"Use --fit resize (scale to {rule.Nearest(w)}x{rule.Nearest(h)} and the result back), --fit pad (reflect-pad to {NextFit(rule, w)}x{NextFit(rule, h)} and crop the result back), "
                    + $"or --resize {rule.Nearest(w)}x{rule.Nearest(h)} (results at that size).");
        }
    }

    /// <summary>The smallest accepted side at least <paramref name="side"/>.</summary>
    public static int NextFit(SizeRule rule, int side)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Next(side);
    }

    /// <summary>
    /// Mirror padding without repeating the edge pixel (numpy's 'reflect', PyTorch's ReflectionPad2d), repeated as
    /// often as needed when a pad is wider than the image.
    /// </summary>
    public static Image ReflectPad(Image image, int left, int right, int top, int bottom)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, c = image.Channels;
        var padded = new Image(w + left + right, h + top + bottom, c);
        for (int y = 0; y < padded.Height; y++)
        {
            int sy = Reflect(y - top, h);
            for (int x = 0; x < padded.Width; x++)
                image.Pixels.AsSpan((sy * w + Reflect(x - left, w)) * c, c).CopyTo(padded.Pixels.AsSpan((y * padded.Width + x) * c));
        }
        return padded;
    }

    private static int Reflect(int i, int size)
    {
        if (size == 1)
            return 0;
        int period = 2 * (size - 1);
        i = ((i % period) + period) % period;
        return i < size ? i : period - i;
    }
}

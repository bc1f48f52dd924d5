namespace Pix2Pix.Gan.Data;

/// <summary>The reference's <c>get_params</c> result: the top-left corner of the crop and whether to flip.</summary>
internal readonly record struct TransformParams(int CropX, int CropY, bool Flip)
{
    /// <summary>
    /// The reference's <c>get_params(opt, (w, h))</c>: the size the image will have before cropping, then
    /// x ∈ [0, max(0, new_w − crop)], y likewise, and flip = random() &gt; 0.5 — drawn in that order.
    /// </summary>
    public static TransformParams Draw(DataOptions options, int width, int height, DataRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        int newW = width;
        int newH = height;
        if (options.Preprocess == PreprocessMode.ResizeAndCrop)
        {
            newW = newH = options.LoadSize;
        }
        else if (options.Preprocess == PreprocessMode.ScaleWidthAndCrop)
        {
            newW = options.LoadSize;
            newH = (int)((long)options.LoadSize * height / width);
        }
        int x = random.NextInclusive(0, Math.Max(0, newW - options.CropSize));
        int y = random.NextInclusive(0, Math.Max(0, newH - options.CropSize));
        bool flip = random.NextDouble() > 0.5;
        return new TransformParams(x, y, flip);
    }
}

namespace Pix2Pix.Gan;

/// <summary>What to do with an image whose sides the generator does not accept (<c>translate --fit</c>; <see cref="Generator.Translate(Pix2Pix.Imaging.Image, FitMode)"/>).</summary>
public enum FitMode
{
    /// <summary>Refuse it, naming the file and the other choices.</summary>
    Exact,

    /// <summary>Scale (bicubic) to the nearest accepted size, translate, scale the result back.</summary>
    Resize,

    /// <summary>Reflect-pad to the next accepted size, translate, crop the result back.</summary>
    Pad,
}

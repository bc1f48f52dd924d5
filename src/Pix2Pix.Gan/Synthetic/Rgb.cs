namespace Pix2Pix.Gan.Synthetic;

/// <summary>A colour with float channels on the 0–255 scale, for shading before rounding to bytes.</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb operator +(Rgb a, Rgb b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    public static Rgb operator *(Rgb a, float k) => new(a.R * k, a.G * k, a.B * k);

    public static Rgb Lerp(Rgb a, Rgb b, float t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public static Rgb Add(Rgb a, Rgb b) => a + b;

    public static Rgb Multiply(Rgb a, float k) => a * k;
}

namespace Pix2Pix.Gan.Synthetic;

/// <summary>
/// The 12 classes of the CMP Facade Database, in its label order (1 = background … 12 = shop). The pix2pix
/// <c>facades</c> dataset draws them with a jet colour map; <see cref="FacadePalette"/> holds those colours.
/// </summary>
internal enum FacadeClass : byte
{
    Background = 0,
    Facade,
    Window,
    Door,
    Cornice,
    Sill,
    Balcony,
    Blind,
    Deco,
    Molding,
    Pillar,
    Shop,
}

/// <summary>Label-map colours of the CMP facade classes, as measured on flat regions of the pix2pix facades labels.</summary>
internal static class FacadePalette
{
    /// <summary>Number of classes.</summary>
    public const int Count = 12;

    private static readonly byte[] Rgb =
    [
        0, 0, 222,     // background
        0, 48, 255,    // facade
        0, 128, 255,   // window
        0, 208, 255,   // door
        32, 255, 224,  // cornice
        112, 255, 144, // sill
        192, 255, 64,  // balcony
        255, 240, 0,   // blind
        255, 160, 0,   // deco
        255, 80, 0,    // molding
        255, 0, 0,     // pillar
        176, 0, 0,     // shop
    ];

    /// <summary>The RGB colour of <paramref name="cls"/> in the label map.</summary>
    public static (byte R, byte G, byte B) Color(FacadeClass cls)
    {
        int i = (int)cls * 3;
        return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
    }

    /// <summary>The class whose label colour is nearest (squared RGB distance) to the given colour.</summary>
    public static FacadeClass Nearest(byte r, byte g, byte b)
    {
        int best = 0, bestDistance = int.MaxValue;
        for (int k = 0; k < Count; k++)
        {
            int dr = r - Rgb[k * 3], dg = g - Rgb[k * 3 + 1], db = b - Rgb[k * 3 + 2];
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }
        return (FacadeClass)best;
    }
}

namespace Pix2Pix.Gan.Synthetic;

/// <summary>Per-class colour and texture of the synthetic photo, before lighting and noise.</summary>
internal static class FacadeShading
{
    private static readonly Rgb SkyTop = new(118, 160, 212);
    private static readonly Rgb SkyBottom = new(196, 212, 228);
    private static readonly Rgb Wall = new(206, 188, 160);
    private static readonly Rgb Frame = new(232, 230, 222);
    private static readonly Rgb Glass = new(46, 60, 80);
    private static readonly Rgb DoorFrame = new(58, 38, 24);
    private static readonly Rgb Wood = new(104, 66, 40);
    private static readonly Rgb Iron = new(46, 46, 50);
    private static readonly Rgb Shutter = new(66, 106, 78);
    private static readonly Rgb Sign = new(146, 36, 32);

    /// <summary>
    /// Colour of pixel (<paramref name="lx"/>, <paramref name="ly"/>) inside element <paramref name="el"/>, which
    /// sits at (<paramref name="x"/>, <paramref name="y"/>) in an image of <paramref name="size"/>².
    /// </summary>
    public static Rgb Shade(FacadeElement el, int lx, int ly, int x, int y, int size, Rgb wallTint)
    {
        int w = el.Width, h = el.Height;
        return el.Class switch
        {
            FacadeClass.Background => Rgb.Lerp(SkyTop, SkyBottom, (float)y / size),
            FacadeClass.Facade => Plaster(x, y, size) + wallTint,
            FacadeClass.Window => WindowPane(lx, ly, w, h),
            FacadeClass.Door => Door(lx, ly, w, h),
            FacadeClass.Cornice => ly * 4 < h ? new Rgb(236, 232, 220) : ly * 4 >= 3 * h ? new Rgb(160, 152, 140) : new Rgb(214, 208, 194),
            FacadeClass.Sill => ly == h - 1 && h > 1 ? new Rgb(170, 164, 150) : new Rgb(224, 218, 204),
            FacadeClass.Balcony => Railing(ly, x, h, size),
            FacadeClass.Blind => lx == 0 || lx == w - 1 || ly % Math.Max(2, size / 100) == 0 ? Shutter * 0.68f : Shutter,
            FacadeClass.Deco => Math.Abs(2f * lx / w - 1) + Math.Abs(2f * ly / h - 1) < 0.6f ? new Rgb(228, 204, 160) : new Rgb(204, 176, 128),
            FacadeClass.Molding => lx == 0 || lx == w - 1 || ly == 0 ? new Rgb(200, 194, 182) : new Rgb(238, 232, 220),
            FacadeClass.Pillar => lx / Math.Max(1, w / 5) % 2 == 0 ? new Rgb(214, 208, 196) : new Rgb(186, 180, 168),
            FacadeClass.Shop => ShopFront(lx, ly, w, h),
            _ => default,
        };
    }

    private static Rgb Plaster(int x, int y, int size)
    {
        int course = Math.Max(2, (int)Math.Round(size / 64.0));
        if (y % course == 0)
            return Wall * 0.9f;
        int row = y / course;
        int brick = (x + (row % 2) * course) / (2 * course);
        uint hash = (uint)SplitMix64.Mix(((ulong)(uint)row << 32) | (uint)brick);
        return Wall * (0.985f + (hash & 0xFF) * (0.03f / 255f));
    }

    private static Rgb WindowPane(int lx, int ly, int w, int h)
    {
        int frame = Math.Max(1, (int)Math.Round(Math.Min(w, h) * 0.09));
        if (lx < frame || lx >= w - frame || ly < frame || ly >= h - frame)
            return Frame;
        if (w >= 6 && Math.Abs(2 * lx + 1 - w) < frame)
            return Frame;
        int transom = (int)(h * 0.3f);
        if (h >= 8 && ly >= transom && ly < transom + frame)
            return Frame;
        float d = (float)lx / w + (float)ly / h;
        float highlight = 70f * MathF.Max(0f, 1f - MathF.Abs(d - 0.7f) * 3f) + 25f * (1f - (float)ly / h);
        return Glass + new Rgb(highlight, highlight, highlight * 1.1f);
    }

    private static Rgb Door(int lx, int ly, int w, int h)
    {
        int frame = Math.Max(1, (int)Math.Round(w * 0.08));
        if (lx < frame || lx >= w - frame || ly < frame)
            return DoorFrame;
        if (Math.Abs(2 * lx + 1 - w) <= 1 || ly == (int)(h * 0.45f))
            return Wood * 0.7f;
        return Wood;
    }

    private static Rgb Railing(int ly, int x, int h, int size)
    {
        if (ly < Math.Max(1, h / 6))
            return Iron;
        if (ly >= h - Math.Max(1, h / 5))
            return new Rgb(182, 176, 166);
        return x % Math.Max(2, (int)Math.Round(size / 80.0)) == 0 ? Iron : new Rgb(118, 110, 100);
    }

    private static Rgb ShopFront(int lx, int ly, int w, int h)
    {
        int signH = Math.Max(1, (int)(h * 0.2f));
        if (ly < signH)
            return ly == signH / 2 && lx * 5 >= w && lx * 5 < 4 * w ? new Rgb(232, 220, 200) : Sign;
        int frame = Math.Max(1, (int)Math.Round(w * 0.05));
        if (lx < frame || lx >= w - frame || ly == signH)
            return new Rgb(60, 60, 64);
        float glow = (float)(ly - signH) / Math.Max(1, h - signH);
        return new Rgb(38, 46, 56) + new Rgb(80, 60, 20) * glow;
    }
}

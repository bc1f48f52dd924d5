namespace Pix2Pix.Gan.Synthetic;

/// <summary>
/// Draws a random facade layout: sky, a building with a roof cornice, a grid of floors × window columns
/// (windows with sills, optional moldings, deco, shutters and balconies, optional cornices between floors), a
/// ground floor with a door and either windows or shop fronts, and optional pillars at the building's edges.
/// All sizes are fractions of the image size, so a layout looks the same at 64 and at 512 pixels.
/// </summary>
internal static class FacadeLayout
{
    /// <summary>The elements of one facade, in painting order.</summary>
    public static List<FacadeElement> Create(int size, ref SplitMix64 rng)
    {
        var e = new List<FacadeElement>(128);
        double s = size;
        int Px(double fraction) => (int)Math.Round(fraction * s);
        int Min1(double fraction) => Math.Max(1, Px(fraction));

        e.Add(new FacadeElement(FacadeClass.Background, 0, 0, size, size));

        int roofY = Px(rng.Uniform(0.04, 0.16));
        int left = rng.Chance(0.5) ? 0 : Px(rng.Uniform(0.02, 0.08));
        int right = size - (rng.Chance(0.5) ? 0 : Px(rng.Uniform(0.02, 0.08)));
        e.Add(new FacadeElement(FacadeClass.Facade, left, roofY, right, size));

        int corniceH = Min1(rng.Uniform(0.02, 0.035));
        int overhang = Px(0.015);
        e.Add(Clamp(new FacadeElement(FacadeClass.Cornice, left - overhang, roofY, right + overhang, roofY + corniceH), size));

        bool pillars = rng.Chance(0.3);
        int pillarW = pillars ? Min1(rng.Uniform(0.03, 0.05)) : 0;
        int innerLeft = left + pillarW, innerRight = right - pillarW;

        int floors = rng.Next(3, 7);
        int columns = rng.Next(2, 7);
        const double groundFactor = 1.3;
        double top = roofY + corniceH;
        double unit = (size - top) / (floors - 1 + groundFactor);
        double margin = (innerRight - innerLeft) * rng.Uniform(0.03, 0.08);
        double colW = (innerRight - innerLeft - 2 * margin) / columns;

        var style = new WindowStyle(
            WidthFraction: rng.Uniform(0.40, 0.62),
            HeightFraction: rng.Uniform(0.45, 0.65),
            Molding: rng.Chance(0.4),
            Deco: rng.Chance(0.3),
            Shutters: rng.Chance(0.35),
            SillH: Min1(0.012),
            Trim: Min1(0.01));
        bool floorCornices = rng.Chance(0.5);

        for (int f = 0; f < floors - 1; f++)
        {
            int floorTop = (int)Math.Round(top + f * unit);
            int floorBottom = (int)Math.Round(top + (f + 1) * unit);
            bool balcony = f > 0 && rng.Chance(0.3);
            bool fullBalcony = balcony && rng.Chance(0.4);
            for (int c = 0; c < columns; c++)
            {
                double cellX = innerLeft + margin + c * colW;
                AddWindow(e, style, cellX, colW, floorTop, floorBottom, balcony && !fullBalcony, size);
            }
            if (fullBalcony)
            {
                int wh = (int)Math.Round(unit * style.HeightFraction);
                int wy1 = floorTop + (int)Math.Round((unit - wh) * 0.45) + wh;
                e.Add(Clamp(new FacadeElement(FacadeClass.Balcony, (int)(innerLeft + margin * 0.5), wy1 - Math.Max(1, wh / 3),
                    (int)(innerRight - margin * 0.5), wy1 + style.SillH), size));
            }
            if (floorCornices)
                e.Add(Clamp(new FacadeElement(FacadeClass.Cornice, left, floorBottom - style.SillH, right, floorBottom), size));
        }

        AddGroundFloor(e, ref rng, style, (int)Math.Round(top + (floors - 1) * unit), innerLeft, margin, colW, columns, size);

        if (pillars)
        {
            int pillarTop = rng.Chance(0.5) ? roofY + corniceH : (int)Math.Round(top + (floors - 1) * unit);
            e.Add(new FacadeElement(FacadeClass.Pillar, left, pillarTop, left + pillarW, size));
            e.Add(new FacadeElement(FacadeClass.Pillar, right - pillarW, pillarTop, right, size));
        }
        return e;
    }

    private readonly record struct WindowStyle(
        double WidthFraction, double HeightFraction, bool Molding, bool Deco, bool Shutters, int SillH, int Trim);

    private static void AddWindow(List<FacadeElement> e, WindowStyle st, double cellX, double colW, int floorTop,
        int floorBottom, bool balcony, int size)
    {
        int fh = floorBottom - floorTop;
        int ww = Math.Max(2, (int)Math.Round(colW * st.WidthFraction));
        int wh = Math.Max(2, (int)Math.Round(fh * st.HeightFraction));
        int x0 = (int)Math.Round(cellX + (colW - ww) / 2);
        int y0 = floorTop + (int)Math.Round((fh - wh) * 0.45);
        int x1 = x0 + ww, y1 = y0 + wh;
        int t = st.Trim;

        if (st.Molding)
            e.Add(Clamp(new FacadeElement(FacadeClass.Molding, x0 - t, y0 - t, x1 + t, y1), size));
        if (st.Deco)
        {
            int dh = Math.Max(1, t * 2);
            e.Add(Clamp(new FacadeElement(FacadeClass.Deco, x0 - 2 * t, y0 - t - dh, x1 + 2 * t, y0 - t), size));
        }
        if (st.Shutters)
        {
            int sw = Math.Max(1, ww * 2 / 5);
            e.Add(Clamp(new FacadeElement(FacadeClass.Blind, x0 - sw, y0, x0, y1), size));
            e.Add(Clamp(new FacadeElement(FacadeClass.Blind, x1, y0, x1 + sw, y1), size));
        }
        e.Add(Clamp(new FacadeElement(FacadeClass.Window, x0, y0, x1, y1), size));
        if (balcony)
            e.Add(Clamp(new FacadeElement(FacadeClass.Balcony, x0 - 2 * t, y1 - Math.Max(1, wh / 3), x1 + 2 * t, y1 + st.SillH), size));
        else
            e.Add(Clamp(new FacadeElement(FacadeClass.Sill, x0 - t, y1, x1 + t, y1 + st.SillH), size));
    }

    private static void AddGroundFloor(List<FacadeElement> e, ref SplitMix64 rng, WindowStyle style, int groundTop,
        int innerLeft, double margin, double colW, int columns, int size)
    {
        int gh = size - groundTop;
        bool shops = rng.Chance(0.5);
        int doorColumn = rng.Next(0, columns);
        for (int c = 0; c < columns; c++)
        {
            double cellX = innerLeft + margin + c * colW;
            if (c == doorColumn)
            {
                int dw = Math.Max(2, (int)Math.Round(colW * 0.55));
                int dx0 = (int)Math.Round(cellX + (colW - dw) / 2);
                e.Add(Clamp(new FacadeElement(FacadeClass.Door, dx0, groundTop + (int)Math.Round(gh * 0.22), dx0 + dw, size), size));
            }
            else if (shops)
            {
                int inset = Math.Max(1, (int)Math.Round(colW * 0.06));
                e.Add(Clamp(new FacadeElement(FacadeClass.Shop, (int)Math.Round(cellX) + inset, groundTop + (int)Math.Round(gh * 0.15),
                    (int)Math.Round(cellX + colW) - inset, size), size));
            }
            else
            {
                AddWindow(e, style with { Shutters = false, Deco = false }, cellX, colW, groundTop, size, balcony: false, size);
            }
        }
    }

    private static FacadeElement Clamp(FacadeElement el, int size) => el with
    {
        X0 = Math.Clamp(el.X0, 0, size),
        Y0 = Math.Clamp(el.Y0, 0, size),
        X1 = Math.Clamp(el.X1, 0, size),
        Y1 = Math.Clamp(el.Y1, 0, size),
    };
}

using System.Globalization;
using Pix2Pix.Imaging;

namespace Pix2Pix.Gan.Visuals;

/// <summary>
/// Draws loss curves into an RGB image (our own rasterizer: no font; the legend and axis ranges are given as HTML
/// by <see cref="LegendHtml"/>). Each series is scaled to its own range, like the reference's visdom plot per loss.
/// </summary>
internal static class LossPlot
{
    private static readonly (byte R, byte G, byte B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
        (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127),
    ];

    public static (byte R, byte G, byte B) ColorOf(int series) => Palette[series % Palette.Length];

    /// <summary>Plots <paramref name="series"/> (name → values over reports) against the report index.</summary>
    public static Image Draw(IReadOnlyList<(string Name, IReadOnlyList<float> Values)> series, int width = 640, int height = 360)
    {
        ArgumentNullException.ThrowIfNull(series);
        var img = new Image(width, height, 3);
        Array.Fill(img.Pixels, (byte)255);
        const int margin = 10;
        DrawRect(img, margin, margin, width - margin, height - margin, (200, 200, 200));
        for (int s = 0; s < series.Count; s++)
        {
            var values = series[s].Values;
            if (values.Count < 2)
                continue;
            float lo = values.Min(), hi = values.Max();
            if (hi - lo < 1e-12f)
                hi = lo + 1;
            int prevX = 0, prevY = 0;
            for (int i = 0; i < values.Count; i++)
            {
                int x = margin + (int)Math.Round((double)i / (values.Count - 1) * (width - 2 * margin - 1));
                int y = height - margin - 1 - (int)Math.Round((values[i] - lo) / (hi - lo) * (height - 2 * margin - 1));
                if (i > 0)
                    DrawLine(img, prevX, prevY, x, y, ColorOf(s));
                prevX = x;
                prevY = y;
            }
        }
        return img;
    }

    /// <summary>The plot's legend: colour, name, and the value range each curve is scaled to.</summary>
    public static string LegendHtml(IReadOnlyList<(string Name, IReadOnlyList<float> Values)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var sb = new System.Text.StringBuilder("<table class=\"metrics\"><tr><th></th><th>loss</th><th>min</th><th>max</th><th>last</th></tr>");
        for (int s = 0; s < series.Count; s++)
        {
            var (r, g, b) = ColorOf(s);
            var v = series[s].Values;
            string F(float x) => x.ToString("F3", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"background:rgb({r},{g},{b});width:2em\"></td><td>{System.Net.WebUtility.HtmlEncode(series[s].Name)}</td>");
            sb.Append(v.Count == 0 ? "<td></td><td></td><td></td>" : $"<td>{F(v.Min())}</td><td>{F(v.Max())}</td><td>{F(v[^1])}</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    private static void DrawRect(Image img, int x0, int y0, int x1, int y1, (byte, byte, byte) c)
    {
        DrawLine(img, x0, y0, x1, y0, c);
        DrawLine(img, x1, y0, x1, y1, c);
        DrawLine(img, x1, y1, x0, y1, c);
        DrawLine(img, x0, y1, x0, y0, c);
    }

    private static void DrawLine(Image img, int x0, int y0, int x1, int y1, (byte R, byte G, byte B) c)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true)
        {
            if ((uint)x0 < (uint)img.Width && (uint)y0 < (uint)img.Height)
            {
                int p = (y0 * img.Width + x0) * 3;
                img.Pixels[p] = c.R;
                img.Pixels[p + 1] = c.G;
                img.Pixels[p + 2] = c.B;
            }
            if (x0 == x1 && y0 == y1)
                break;
            int e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }
}

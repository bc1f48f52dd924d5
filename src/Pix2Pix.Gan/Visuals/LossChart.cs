using System.Globalization;
using System.Net;
using System.Text;

namespace Pix2Pix.Gan.Visuals;

/// <summary>
/// A loss curve as an inline SVG for the static training page: one chart per loss, each with its own labelled axes
/// and ticks (so no curve hides a scale), the raw values faint and TensorBoard's smoothing drawn over them.
/// </summary>
internal static class LossChart
{
    /// <summary>TensorBoard's default smoothing weight.</summary>
    public const double DefaultSmoothing = 0.6;

    private const int Width = 360, Height = 220, Left = 52, Right = 12, Top = 24, Bottom = 36;

    /// <summary>
    /// TensorBoard's exponential moving average with its debiasing: s_i = (w·a_{i−1} + (1−w)·y_i) / (1 − w^(i+1)), so the
    /// first points are not pulled towards zero. Non-finite values pass through unsmoothed.
    /// </summary>
    public static double[] Smooth(IReadOnlyList<double> values, double weight)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (weight is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The smoothing weight is in [0, 1).");
        var result = new double[values.Count];
        double last = 0;
        int count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double y = values[i];
            if (!double.IsFinite(y))
            {
                result[i] = y;
                continue;
            }
            last = last * weight + (1 - weight) * y;
            count++;
            result[i] = last / (1 - Math.Pow(weight, count));
        }
        return result;
    }

    /// <summary>
    /// Round tick values covering [<paramref name="lo"/>, <paramref name="hi"/>]: steps of 1, 2 or 5 times a power of ten,
    /// about <paramref name="target"/> of them.
    /// </summary>
    public static double[] Ticks(double lo, double hi, int target = 5)
    {
        if (!(hi > lo))
            return [lo];
        double rough = (hi - lo) / Math.Max(1, target);
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = power * (rough / power < 1.5 ? 1 : rough / power < 3.5 ? 2 : rough / power < 7.5 ? 5 : 10);
        var ticks = new List<double>();
        for (long k = (long)Math.Ceiling(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
            ticks.Add(k * step);   // k·step, not a running sum: no drift (0.6000000000000001)
        return [.. ticks];
    }

    /// <summary>The chart of one loss: x in epochs, y its values; raw faint, smoothed in <paramref name="color"/>.</summary>
    public static string Svg(string name, IReadOnlyList<(double X, double Y)> points, string color, double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(points);
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"loss\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"10\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{WebUtility.HtmlEncode(name)}</text>");
        if (finite.Count == 0)
            return sb.Append("</svg>").ToString();
        double x0 = finite.Min(p => p.X), x1 = finite.Max(p => p.X);
        double y0 = finite.Min(p => p.Y), y1 = finite.Max(p => p.Y);
        if (x1 - x0 < 1e-12)
            (x0, x1) = (x0 - 0.5, x1 + 0.5);
        if (y1 - y0 < 1e-12)
            (y0, y1) = (y0 - 0.5, y1 + 0.5);
        double pad = (y1 - y0) * 0.05;
        (y0, y1) = (y0 - pad, y1 + pad);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Px(double x) => Left + (x - x0) / (x1 - x0) * plotW;
        double Py(double y) => Top + (1 - (y - y0) / (y1 - y0)) * plotH;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        foreach (double t in Ticks(y0, y1))
        {
            double y = Py(t);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" y1=\"{F(y)}\" x2=\"{F(Left + plotW)}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left - 4)}\" y1=\"{F(y)}\" x2=\"{F(Left)}\" y2=\"{F(y)}\" stroke=\"#555\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - 6)}\" y=\"{F(y + 3)}\" text-anchor=\"end\">{Label(t)}</text>");
        }
        foreach (double t in Ticks(x0, x1))
        {
            double x = Px(t);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(Top + plotH)}\" x2=\"{F(x)}\" y2=\"{F(Top + plotH + 4)}\" stroke=\"#555\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(Top + plotH + 15)}\" text-anchor=\"middle\">{Label(t)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#555\" points=\"{F(Left)},{F(Top)} {F(Left)},{F(Top + plotH)} {F(Left + plotW)},{F(Top + plotH)}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + plotW / 2)}\" y=\"{Height - 4}\" text-anchor=\"middle\">epoch</text>");

        var smoothed = Smooth(finite.Select(p => p.Y).ToList(), smoothing);
        Polyline(sb, finite.Select(p => (Px(p.X), Py(p.Y))), color, opacity: 0.25);
        Polyline(sb, finite.Select((p, i) => (Px(p.X), Py(smoothed[i]))), color, opacity: 1);
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A tick label short enough for the axis: up to 4 significant digits, exponent form for extremes.</summary>
    internal static string Label(double value)
    {
        double a = Math.Abs(value);
        return a != 0 && (a >= 1e5 || a < 1e-3)
            ? value.ToString("0.##e0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }

    private static void Polyline(StringBuilder sb, IEnumerable<(double X, double Y)> points, string color, double opacity)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" stroke-opacity=\"{opacity}\" points=\"");
        foreach (var (x, y) in points)
            sb.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        sb.Append("\"/>");
    }
}

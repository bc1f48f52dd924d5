using System.Globalization;

namespace Pix2Pix.Gan.Models;

/// <summary>
/// progan's schedule of scales, as pytorch_GAN_zoo's <c>ProgressiveGANTrainer</c> reads its config: per scale the depth
/// of its layers (<c>depthScales</c>), the iterations trained at it (<c>maxIterAtScale</c>) and, in the zoo's "linear"
/// alpha mode, the number of alpha updates (<c>alphaNJumps</c>) and iterations between two (<c>alphaSizeJumps</c>):
/// alpha starts at 1 when a scale is added and falls by 1/n every size iterations to 0. Scale 0 never fades.
/// The number of scales is the one that makes <c>--crop_size</c> (4·2^(scales−1)); the lists may be longer.
/// </summary>
internal sealed class ProganSchedule
{
    public ProganSchedule(IReadOnlyList<int> depths, IReadOnlyList<long> maxIterAtScale, IReadOnlyList<int> alphaNJumps, IReadOnlyList<int> alphaSizeJumps)
    {
        Depths = depths;
        MaxIterAtScale = maxIterAtScale;
        var iters = new List<IReadOnlyList<long>>();
        var values = new List<IReadOnlyList<double>>();
        for (int s = 0; s < depths.Count; s++)
        {
            int n = s == 0 ? 0 : alphaNJumps[s];
            if (n == 0)
            {
                iters.Add([0]);
                values.Add([0.0]);
                continue;
            }
            // the zoo's updateAlphaJumps, in doubles as Python does
            var it = new List<long>();
            var val = new List<double>();
            double diff = 1.0 / n, current = 1.0;
            long at = 0;
            while (current > 0)
            {
                it.Add(at);
                val.Add(current);
                at += alphaSizeJumps[s];
                current -= diff;
            }
            it.Add(at);
            val.Add(0.0);
            iters.Add(it);
            values.Add(val);
        }
        AlphaJumpIters = iters;
        AlphaJumpValues = values;
    }

    public IReadOnlyList<int> Depths { get; }

    public IReadOnlyList<long> MaxIterAtScale { get; }

    /// <summary>Per scale, the iterations at which alpha changes …</summary>
    public IReadOnlyList<IReadOnlyList<long>> AlphaJumpIters { get; }

    /// <summary>… and the value it takes there.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AlphaJumpValues { get; }

    public int Scales => Depths.Count;

    public long TotalIterations => MaxIterAtScale.Sum();

    /// <summary>The number of scales that reach <paramref name="side"/> (4, 8, 16, …), or null when no number does.</summary>
    public static int? ScalesFor(int side)
    {
        for (int s = 1, size = 4; size <= 1024; s++, size *= 2)
            if (size == side)
                return s;
        return null;
    }

    /// <summary>Parses a comma-separated list of positive (or, with <paramref name="allowZero"/>, non-negative) integers.</summary>
    public static List<long> ParseList(string text, string flag, bool allowZero)
    {
        var values = new List<long>();
        foreach (string part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v > 100_000_000 || (!allowZero && v == 0))
                throw new ArgumentException($"--{flag} '{text}' is not a comma-separated list of {(allowZero ? "non-negative" : "positive")} integers, e.g. --{flag} 512,512,256.");
            values.Add(v);
        }
        if (values.Count == 0)
            throw new ArgumentException($"--{flag} is empty; give one value per scale, e.g. --{flag} 512,512,256.");
        return values;
    }
}

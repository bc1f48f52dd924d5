namespace Pix2Pix.Imaging.Png;

/// <summary>The five PNG row filters (None, Sub, Up, Average, Paeth), forward and inverse.</summary>
internal static class PngFilters
{
    public const int None = 0;
    public const int Sub = 1;
    public const int Up = 2;
    public const int Average = 3;
    public const int Paeth = 4;

    /// <summary>Undoes <paramref name="filter"/> in place on <paramref name="row"/>; <paramref name="previous"/> is the
    /// already unfiltered row above (all zeros for the first row of a pass). Returns false for an unknown filter.</summary>
    public static bool TryUnfilter(int filter, ReadOnlySpan<byte> previous, Span<byte> row, int distance)
    {
        switch (filter)
        {
            case None:
                return true;
            case Sub:
                for (int i = distance; i < row.Length; i++)
                    row[i] += row[i - distance];
                return true;
            case Up:
                for (int i = 0; i < row.Length; i++)
                    row[i] += previous[i];
                return true;
            case Average:
                for (int i = 0; i < distance && i < row.Length; i++)
                    row[i] += (byte)(previous[i] >> 1);
                for (int i = distance; i < row.Length; i++)
                    row[i] += (byte)((row[i - distance] + previous[i]) >> 1);
                return true;
            case Paeth:
                for (int i = 0; i < distance && i < row.Length; i++)
                    row[i] += previous[i];
                for (int i = distance; i < row.Length; i++)
                    row[i] += PaethPredictor(row[i - distance], previous[i], previous[i - distance]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="filter"/> into <paramref name="destination"/>
    /// (same length, without the filter-type byte).</summary>
    public static void Apply(int filter, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> row, Span<byte> destination, int distance)
    {
        int n = row.Length;
        switch (filter)
        {
            case None:
                row.CopyTo(destination);
                break;
            case Sub:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - (i >= distance ? row[i - distance] : 0));
                break;
            case Up:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - previous[i]);
                break;
            case Average:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - (((i >= distance ? row[i - distance] : 0) + previous[i]) >> 1));
                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    byte left = i >= distance ? row[i - distance] : (byte)0;
                    byte upLeft = i >= distance ? previous[i - distance] : (byte)0;
                    destination[i] = (byte)(row[i] - PaethPredictor(left, previous[i], upLeft));
                }

                break;
        }
    }

    private static byte PaethPredictor(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
            return a;
        return pb <= pc ? b : c;
    }
}

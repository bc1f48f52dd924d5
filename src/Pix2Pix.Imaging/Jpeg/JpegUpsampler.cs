namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// Brings one row of a subsampled component plane to full resolution the way libjpeg-turbo's jdsample.c does by
/// default ("fancy" triangular filters for 2:1 ratios, replication otherwise). Rows above the top and below the
/// bottom of the plane repeat the edge row, as jdmainct.c's context pointers do.
/// </summary>
internal sealed class JpegUpsampler
{
    private readonly byte[] _plane;
    private readonly int _stride;
    private readonly int _width;
    private readonly int _height;
    private readonly int _hRatio;
    private readonly int _vRatio;
    private readonly Method _method;

    public JpegUpsampler(byte[] plane, int stride, int width, int height, int hRatio, int vRatio)
    {
        _plane = plane;
        _stride = stride;
        _width = width;
        _height = height;
        _hRatio = hRatio;
        _vRatio = vRatio;
        _method = (hRatio, vRatio) switch
        {
            (1, 1) => Method.FullSize,
            (2, 1) when width > 2 => Method.H2V1Fancy,
            (1, 2) => Method.H1V2Fancy,
            (2, 2) when width > 2 => Method.H2V2Fancy,
            _ => Method.Replicate,
        };
    }

    private enum Method
    {
        FullSize,
        H2V1Fancy,
        H1V2Fancy,
        H2V2Fancy,
        Replicate,
    }

    /// <summary>Length of the scratch row <see cref="GetRow"/> needs (at least the image width).</summary>
    public int OutputWidth => _width * _hRatio;

    /// <summary>Returns full-resolution row <paramref name="y"/>: the plane's own row, or one built in <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> GetRow(int y, Span<byte> scratch)
    {
        if (_method == Method.FullSize)
            return Row(y);
        UpsampleRow(y, scratch);
        return scratch;
    }

    /// <summary>Writes output row <paramref name="y"/> (<see cref="OutputWidth"/> samples) into <paramref name="destination"/>.</summary>
    public void UpsampleRow(int y, Span<byte> destination)
    {
        switch (_method)
        {
            case Method.FullSize:
                Row(y).CopyTo(destination);
                break;
            case Method.H2V1Fancy:
                H2V1(Row(y), destination);
                break;
            case Method.H1V2Fancy:
                H1V2(Row(y >> 1), Row(Neighbour(y)), (y & 1) == 0 ? 1 : 2, destination);
                break;
            case Method.H2V2Fancy:
                H2V2(Row(y >> 1), Row(Neighbour(y)), destination);
                break;
            default:
                ReadOnlySpan<byte> row = Row(y / _vRatio);
                for (int x = 0; x < destination.Length; x++)
                    destination[x] = row[x / _hRatio];
                break;
        }
    }

    /// <summary>The input row that is the "further" neighbour of output row y in a 2:1 vertical filter.</summary>
    private int Neighbour(int y)
    {
        int inputRow = y >> 1;
        return (y & 1) == 0 ? Math.Max(inputRow - 1, 0) : Math.Min(inputRow + 1, _height - 1);
    }

    private ReadOnlySpan<byte> Row(int y) => _plane.AsSpan(y * _stride, _width);

    private static void H2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int w = input.Length;
        output[0] = input[0];
        output[1] = (byte)(((input[0] * 3) + input[1] + 2) >> 2);
        for (int x = 1; x < w - 1; x++)
        {
            int v = input[x] * 3;
            output[2 * x] = (byte)((v + input[x - 1] + 1) >> 2);
            output[(2 * x) + 1] = (byte)((v + input[x + 1] + 2) >> 2);
        }

        output[(2 * w) - 2] = (byte)(((input[w - 1] * 3) + input[w - 2] + 1) >> 2);
        if (output.Length > (2 * w) - 1)
            output[(2 * w) - 1] = input[w - 1];
    }

    private static void H1V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, int bias, Span<byte> output)
    {
        int n = Math.Min(near.Length, output.Length);
        for (int x = 0; x < n; x++)
            output[x] = (byte)(((near[x] * 3) + far[x] + bias) >> 2);
    }

    private static unsafe void H2V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output)
    {
        // Column sums 3*near + far, then 3/4 + 1/4 horizontally; libjpeg rounds with +8 and +7 alternately.
        int w = near.Length;
        if (far.Length < w || output.Length < 2 * w || w < 2)
            throw new ArgumentException("The h2v2 filter needs two input rows of equal width (at least 2) and a twice as wide output.", nameof(output));
        fixed (byte* pn = near, pf = far, po = output)
        {
            int last = (pn[0] * 3) + pf[0];
            int current = last;
            int next = (pn[1] * 3) + pf[1];
            po[0] = (byte)(((current * 4) + 8) >> 4);
            po[1] = (byte)(((current * 3) + next + 7) >> 4);
            byte* o = po + 2;
            for (int x = 1; x < w - 1; x++, o += 2)
            {
                last = current;
                current = next;
                next = (pn[x + 1] * 3) + pf[x + 1];
                o[0] = (byte)(((current * 3) + last + 8) >> 4);
                o[1] = (byte)(((current * 3) + next + 7) >> 4);
            }

            o[0] = (byte)(((next * 3) + current + 8) >> 4);
            o[1] = (byte)(((next * 4) + 7) >> 4);
        }
    }
}

namespace Pix2Pix.Imaging.Resize;

/// <summary>
/// Resizes 8-bit images like Pillow 9.4's <c>Image.resize</c>: convolution filters run as two separable passes
/// (horizontal, then vertical; a pass is skipped when that size is unchanged) with Pillow's fixed-point weights,
/// rounding and clipping, and <see cref="ResizeFilter.Nearest"/> uses Pillow's own coordinate rule. RGBA images are
/// premultiplied by alpha before filtering and divided again afterwards, with Pillow's integer arithmetic, so fully
/// transparent pixels do not bleed their colour into their neighbours.
/// </summary>
internal static class ImageResize
{
    /// <summary>Rounding offset added to every fixed-point sum before it is shifted down.</summary>
    private const int Half = 1 << (ResampleKernels.PrecisionBits - 1);

    /// <summary>A new <paramref name="width"/> × <paramref name="height"/> image with the source's channels; the source is unchanged.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the filter is unknown.</exception>
    public static Image Resize(Image source, int width, int height, ResizeFilter filter)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == source.Width && height == source.Height)
            return new Image(width, height, source.Channels, (byte[])source.Pixels.Clone());
        if (filter == ResizeFilter.Nearest)
            return Nearest(source, width, height);
        if (!Enum.IsDefined(filter))
            throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown resize filter; use Nearest, Bilinear, Bicubic or Lanczos.");
        Image image = source.Channels == 4 ? Premultiply(source) : source;
        if (width != source.Width)
            image = Horizontal(image, width, ResampleKernels.Create(source.Width, width, filter));
        if (height != source.Height)
            image = Vertical(image, height, ResampleKernels.Create(source.Height, height, filter));
        if (source.Channels == 4)
            Unpremultiply(image.Pixels);
        return image;
    }

    /// <summary>Pillow's RGBA → RGBa: each colour times alpha / 255, rounded as MULDIV255.</summary>
    private static Image Premultiply(Image source)
    {
        var dst = new Image(source.Width, source.Height, 4, (byte[])source.Pixels.Clone());
        Span<byte> p = dst.Pixels;
        for (int i = 0; i < p.Length; i += 4)
        {
            int alpha = p[i + 3];
            for (int c = 0; c < 3; c++)
            {
                int t = p[i + c] * alpha + 128;
                p[i + c] = (byte)(((t >> 8) + t) >> 8);
            }
        }

        return dst;
    }

    /// <summary>Pillow's RGBa → RGBA: each colour times 255 / alpha, truncated and clipped; alpha 0 and 255 unchanged.</summary>
    private static void Unpremultiply(Span<byte> p)
    {
        for (int i = 0; i < p.Length; i += 4)
        {
            int alpha = p[i + 3];
            if (alpha is 0 or 255)
                continue;
            for (int c = 0; c < 3; c++)
                p[i + c] = (byte)Math.Min(255, 255 * p[i + c] / alpha);
        }
    }

    private static Image Horizontal(Image src, int width, ResampleKernels kernels)
    {
        int channels = src.Channels;
        var dst = new Image(width, src.Height, channels);
        for (int y = 0; y < src.Height; y++)
        {
            ReadOnlySpan<byte> inRow = src.Pixels.AsSpan(y * src.Stride, src.Stride);
            Span<byte> outRow = dst.Pixels.AsSpan(y * dst.Stride, dst.Stride);
            for (int xx = 0; xx < width; xx++)
            {
                ReadOnlySpan<int> k = kernels.Weights.AsSpan(xx * kernels.Size, kernels.Count[xx]);
                ReadOnlySpan<byte> input = inRow[(kernels.Start[xx] * channels)..];
                Span<byte> px = outRow.Slice(xx * channels, channels);
                if (channels == 3)
                    Convolve3(input, k, px);
                else
                    ConvolveAny(input, k, px, channels);
            }
        }

        return dst;
    }

    private static void Convolve3(ReadOnlySpan<byte> input, ReadOnlySpan<int> k, Span<byte> px)
    {
        int s0 = Half, s1 = Half, s2 = Half;
        for (int x = 0; x < k.Length; x++)
        {
            int w = k[x];
            ReadOnlySpan<byte> p = input.Slice(x * 3, 3);
            s0 += p[0] * w;
            s1 += p[1] * w;
            s2 += p[2] * w;
        }

        px[0] = Clip8(s0);
        px[1] = Clip8(s1);
        px[2] = Clip8(s2);
    }

    private static void ConvolveAny(ReadOnlySpan<byte> input, ReadOnlySpan<int> k, Span<byte> px, int channels)
    {
        for (int c = 0; c < channels; c++)
        {
            int sum = Half;
            for (int x = 0, at = c; x < k.Length; x++, at += channels)
                sum += input[at] * k[x];
            px[c] = Clip8(sum);
        }
    }

    private static Image Vertical(Image src, int height, ResampleKernels kernels)
    {
        int stride = src.Stride;
        var dst = new Image(src.Width, height, src.Channels);
        var sums = new int[stride];
        for (int yy = 0; yy < height; yy++)
        {
            int start = kernels.Start[yy];
            ReadOnlySpan<int> k = kernels.Weights.AsSpan(yy * kernels.Size, kernels.Count[yy]);
            Span<int> acc = sums;
            acc.Fill(Half);
            for (int y = 0; y < k.Length; y++)
            {
                int w = k[y];
                ReadOnlySpan<byte> row = src.Pixels.AsSpan((start + y) * stride, stride);
                for (int i = 0; i < row.Length; i++)
                    acc[i] += row[i] * w;
            }

            Span<byte> outRow = dst.Pixels.AsSpan(yy * stride, stride);
            for (int i = 0; i < outRow.Length; i++)
                outRow[i] = Clip8(acc[i]);
        }

        return dst;
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> ResampleKernels.PrecisionBits, 0, 255);

    /// <summary>Pillow's nearest rule: source x = floor((x + 0.5)·scale), accumulated in double as ImagingScaleAffine does.</summary>
    private static Image Nearest(Image src, int width, int height)
    {
        int channels = src.Channels;
        var dst = new Image(width, height, channels);
        int[] xs = NearestIndices(src.Width, width);
        int[] ys = NearestIndices(src.Height, height);
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> inRow = src.Pixels.AsSpan(ys[y] * src.Stride, src.Stride);
            Span<byte> outRow = dst.Pixels.AsSpan(y * dst.Stride, dst.Stride);
            for (int x = 0; x < width; x++)
                inRow.Slice(xs[x] * channels, channels).CopyTo(outRow.Slice(x * channels, channels));
        }

        return dst;
    }

    private static int[] NearestIndices(int inSize, int outSize)
    {
        double step = (double)inSize / outSize;
        double position = step * 0.5;
        var indices = new int[outSize];
        for (int i = 0; i < outSize; i++)
        {
            indices[i] = Math.Clamp((int)position, 0, inSize - 1);
            position += step;
        }

        return indices;
    }
}

namespace Pix2Pix.Imaging.Ppm;

/// <summary>
/// Decodes Netpbm images: P1/P4 bitmaps and P2/P5 gray maps (→ 1 channel), P3/P6 pixmaps (→ RGB), in plain (ASCII)
/// and raw (binary) form. Samples are scaled from 0..maxval to 0..255 with rounding; 16-bit raw samples are big-endian.
/// </summary>
internal static class PnmDecoder
{
    public static bool IsPnm(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == (byte)'P' && data[1] is >= (byte)'1' and <= (byte)'6' && IsSpace(data[2]);

    /// <exception cref="ImageDecodeException">The data is not a valid Netpbm image or is larger than <paramref name="maxPixels"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        if (!IsPnm(data))
            throw new ImageDecodeException(sourceName, "byte 0", "the Netpbm signature (P1-P6) is missing, so this is not a PBM/PGM/PPM file");
        int kind = data[1] - '0';
        bool bitmap = kind is 1 or 4;
        int channels = kind is 3 or 6 ? 3 : 1;
        int pos = 2;
        long width = ReadHeaderNumber(data, ref pos, sourceName, "width");
        long height = ReadHeaderNumber(data, ref pos, sourceName, "height");
        long maxval = bitmap ? 1 : ReadHeaderNumber(data, ref pos, sourceName, "maxval");
        if (maxval is < 1 or > 65535)
            throw new ImageDecodeException(sourceName, $"header byte {pos}", $"maxval {maxval} is invalid (must be 1..65535); the file is corrupt");
        DecodeLimits.EnsureAllowed(width, height, channels, maxPixels, sourceName, "header");
        long samples = width * height * channels;
        long minimum = kind switch
        {
            4 => (width + 7) / 8 * height,
            5 or 6 => samples * (maxval > 255 ? 2 : 1),
            _ => samples, // plain formats: at least one character per sample
        };
        if (data.Length - pos < minimum)
        {
            throw new ImageDecodeException(sourceName, $"byte {pos}",
                $"a {width}x{height} image needs at least {minimum:N0} bytes of pixel data but only {Math.Max(0, data.Length - pos):N0} remain; the file is truncated");
        }

        var image = new Image((int)width, (int)height, channels);
        if (kind <= 3)
        {
            ReadPlain(data, pos, image, bitmap, (int)maxval, sourceName);
            return image;
        }

        pos++; // exactly one whitespace byte separates the header from raw data
        if (kind == 4)
            ReadRawBitmap(data, pos, image, sourceName);
        else
            ReadRaw(data, pos, image, (int)maxval, sourceName);
        return image;
    }

    private static void ReadPlain(ReadOnlySpan<byte> data, int pos, Image image, bool bitmap, int maxval, string sourceName)
    {
        byte[] pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i++)
        {
            if (bitmap)
            {
                SkipSpaceAndComments(data, ref pos);
                if (pos >= data.Length || data[pos] is not ((byte)'0' or (byte)'1'))
                    throw new ImageDecodeException(sourceName, $"byte {pos}", $"expected a 0 or 1 for pixel {i}; the file is truncated or corrupt");
                pixels[i] = data[pos++] == (byte)'1' ? (byte)0 : (byte)255;
                continue;
            }

            long value = ReadHeaderNumber(data, ref pos, sourceName, $"sample {i}");
            if (value > maxval)
                throw new ImageDecodeException(sourceName, $"byte {pos}", $"sample {i} is {value}, above maxval {maxval}; the file is corrupt");
            pixels[i] = Scale((int)value, maxval);
        }
    }

    private static void ReadRawBitmap(ReadOnlySpan<byte> data, int pos, Image image, string sourceName)
    {
        int rowBytes = (image.Width + 7) / 8;
        if ((long)rowBytes * image.Height > data.Length - pos)
            throw new ImageDecodeException(sourceName, $"byte {pos}", $"the bitmap needs {(long)rowBytes * image.Height:N0} bytes of pixel data but only {Math.Max(0, data.Length - pos):N0} remain; the file is truncated");
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int bit = (data[pos + y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
                image.Pixels[y * image.Width + x] = bit == 1 ? (byte)0 : (byte)255;
            }
        }
    }

    private static void ReadRaw(ReadOnlySpan<byte> data, int pos, Image image, int maxval, string sourceName)
    {
        int bytesPerSample = maxval > 255 ? 2 : 1;
        long needed = (long)image.Pixels.Length * bytesPerSample;
        if (needed > data.Length - pos)
            throw new ImageDecodeException(sourceName, $"byte {pos}", $"the image needs {needed:N0} bytes of pixel data but only {Math.Max(0, data.Length - pos):N0} remain; the file is truncated");
        ReadOnlySpan<byte> raw = data.Slice(pos, (int)needed);
        byte[] pixels = image.Pixels;
        if (maxval == 255)
        {
            raw.CopyTo(pixels);
            return;
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            int value = bytesPerSample == 1 ? raw[i] : (raw[i * 2] << 8) | raw[i * 2 + 1];
            pixels[i] = Scale(Math.Min(value, maxval), maxval);
        }
    }

    private static byte Scale(int value, int maxval) => (byte)((value * 255L + maxval / 2) / maxval);

    private static long ReadHeaderNumber(ReadOnlySpan<byte> data, ref int pos, string sourceName, string what)
    {
        SkipSpaceAndComments(data, ref pos);
        int start = pos;
        long value = 0;
        while (pos < data.Length && data[pos] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
            value = value * 10 + (data[pos++] - '0');
        if (pos == start)
            throw new ImageDecodeException(sourceName, $"byte {pos}", $"expected a number for the {what}; the file is truncated or corrupt");
        return value;
    }

    private static void SkipSpaceAndComments(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos < data.Length)
        {
            if (data[pos] == (byte)'#')
            {
                while (pos < data.Length && data[pos] is not ((byte)'\n' or (byte)'\r'))
                    pos++;
            }
            else if (IsSpace(data[pos]))
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}

namespace Pix2Pix.Imaging.Jpeg;

/// <summary>
/// The last stage: inverse DCT of every block into component planes, then row by row upsampling and colour
/// conversion into the interleaved output image.
/// </summary>
internal static class JpegPixelOutput
{
    public static Image Compose(JpegFrame frame, bool rgbColorSpace)
    {
        var upsamplers = new JpegUpsampler[frame.Components.Length];
        for (int i = 0; i < upsamplers.Length; i++)
        {
            JpegComponent c = frame.Components[i];
            byte[] plane = InverseTransform(c);
            upsamplers[i] = new JpegUpsampler(plane, c.BlocksWide * 8, c.Width, c.Height, frame.MaxH / c.H, frame.MaxV / c.V);
        }

        int width = frame.Width;
        if (upsamplers.Length == 1)
        {
            var gray = new Image(width, frame.Height, 1);
            byte[] scratch = new byte[upsamplers[0].OutputWidth];
            for (int y = 0; y < frame.Height; y++)
                upsamplers[0].GetRow(y, scratch)[..width].CopyTo(gray.Pixels.AsSpan(y * width, width));
            return gray;
        }

        var image = new Image(width, frame.Height, 3);
        byte[] s0 = new byte[upsamplers[0].OutputWidth];
        byte[] s1 = new byte[upsamplers[1].OutputWidth];
        byte[] s2 = new byte[upsamplers[2].OutputWidth];
        for (int y = 0; y < frame.Height; y++)
        {
            ReadOnlySpan<byte> r0 = upsamplers[0].GetRow(y, s0);
            ReadOnlySpan<byte> r1 = upsamplers[1].GetRow(y, s1);
            ReadOnlySpan<byte> r2 = upsamplers[2].GetRow(y, s2);
            Span<byte> destination = image.Pixels.AsSpan(y * width * 3, width * 3);
            if (rgbColorSpace)
                JpegColorConverter.Interleave(r0, r1, r2, destination);
            else
                JpegColorConverter.YCbCrToRgb(r0, r1, r2, destination);
        }

        return image;
    }

    private static byte[] InverseTransform(JpegComponent c)
    {
        int stride = c.BlocksWide * 8;
        byte[] plane = new byte[stride * c.BlocksHigh * 8];
        ushort[] quant = c.Quant ?? new ushort[64];
        short[] coefficients = c.Coefficients;
        for (int by = 0; by < c.BlocksHigh; by++)
        {
            for (int bx = 0; bx < c.BlocksWide; bx++)
            {
                int offset = ((by * c.BlocksPerLine) + bx) * 64;
                JpegIdct.Transform(coefficients.AsSpan(offset, 64), quant, plane.AsSpan((by * 8 * stride) + (bx * 8)), stride);
            }
        }

        return plane;
    }
}

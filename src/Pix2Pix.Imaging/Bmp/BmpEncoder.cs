using System.Buffers.Binary;

namespace Pix2Pix.Imaging.Bmp;

/// <summary>
/// Writes uncompressed bottom-up BMP files with a BITMAPINFOHEADER, as Pillow does: gray as 8-bit with a gray palette,
/// RGB as 24-bit BGR, RGBA as 32-bit BGRA (BI_RGB, which readers such as Pillow take as RGB: BMP's alpha is not portable).
/// </summary>
internal static class BmpEncoder
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;

    public static byte[] Encode(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int bpp = image.Channels * 8;
        int paletteSize = image.Channels == 1 ? 256 * 4 : 0;
        int rowSize = (image.Width * image.Channels + 3) & ~3;
        long pixelBytes = (long)rowSize * image.Height;
        long fileSize = FileHeaderSize + InfoHeaderSize + paletteSize + pixelBytes;
        if (fileSize > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(image), $"A {image.Width}x{image.Height} image is too large for a BMP file; save it as PNG.");
        var data = new byte[fileSize];
        Span<byte> span = data;
        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], (int)fileSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], FileHeaderSize + InfoHeaderSize + paletteSize);
        Span<byte> info = span.Slice(FileHeaderSize, InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(info, InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], image.Height);   // positive: bottom-up rows
        BinaryPrimitives.WriteUInt16LittleEndian(info[12..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(info[14..], (ushort)bpp);
        BinaryPrimitives.WriteInt32LittleEndian(info[20..], (int)pixelBytes);
        BinaryPrimitives.WriteInt32LittleEndian(info[24..], 2835);   // 72 dpi
        BinaryPrimitives.WriteInt32LittleEndian(info[28..], 2835);
        if (paletteSize > 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(info[32..], 256);
            Span<byte> palette = span.Slice(FileHeaderSize + InfoHeaderSize, paletteSize);
            for (int i = 0; i < 256; i++)
                palette[4 * i] = palette[4 * i + 1] = palette[4 * i + 2] = (byte)i;
        }

        int offset = FileHeaderSize + InfoHeaderSize + paletteSize;
        byte[] pixels = image.Pixels;
        int channels = image.Channels;
        for (int y = 0; y < image.Height; y++)
        {
            int d = offset + (image.Height - 1 - y) * rowSize;
            int s = y * image.Stride;
            for (int x = 0; x < image.Width; x++, s += channels, d += channels)
            {
                if (channels == 1)
                {
                    data[d] = pixels[s];
                    continue;
                }
                data[d] = pixels[s + 2];
                data[d + 1] = pixels[s + 1];
                data[d + 2] = pixels[s];
                if (channels == 4)
                    data[d + 3] = pixels[s + 3];
            }
        }
        return data;
    }
}

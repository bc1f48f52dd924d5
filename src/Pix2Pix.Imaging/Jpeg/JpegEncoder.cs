using System.Buffers.Binary;

namespace Pix2Pix.Imaging.Jpeg;

/// <summary>How the encoder samples the two chroma planes.</summary>
internal enum JpegSubsampling
{
    /// <summary>Chroma at half width and half height (libjpeg's and Pillow's default).</summary>
    Chroma420,

    /// <summary>Chroma at full resolution.</summary>
    Chroma444,
}

/// <summary>
/// Encodes 8-bit images as baseline JFIF JPEG: gray as one component, RGB as YCbCr (JFIF's conversion) with 4:2:0 or
/// 4:4:4 chroma, the Annex K quantization tables scaled by quality as libjpeg does, and the Annex K Huffman tables.
/// RGBA is written as its RGB (JPEG has no alpha).
/// </summary>
internal static class JpegEncoder
{
    /// <summary>The quality this project writes by default (Pillow's own default is 75).</summary>
    public const int DefaultQuality = 95;

    private const int MaxSide = 65535;

    public static byte[] Encode(Image image, int quality = DefaultQuality, JpegSubsampling subsampling = JpegSubsampling.Chroma420)
    {
        using var output = new MemoryStream();
        Encode(image, output, quality, subsampling);
        return output.ToArray();
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is not 1–100, or a side is over 65535.</exception>
    public static void Encode(Image image, Stream output, int quality = DefaultQuality, JpegSubsampling subsampling = JpegSubsampling.Chroma420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        if (quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1–100 (95 keeps detail, 75 is Pillow's default).");
        if (image.Width > MaxSide || image.Height > MaxSide)
            throw new ArgumentOutOfRangeException(nameof(image), $"A {image.Width}x{image.Height} image is too large for JPEG (sides up to {MaxSide}); save it as PNG.");

        bool color = image.Channels != 1;
        int factor = color && subsampling == JpegSubsampling.Chroma420 ? 2 : 1;
        byte[] lumaTable = JpegStandardTables.Scaled(JpegStandardTables.Luminance, quality);
        byte[] chromaTable = JpegStandardTables.Scaled(JpegStandardTables.Chrominance, quality);
        var dcLuma = new JpegHuffmanEncoder(JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcLuminanceSymbols);
        var acLuma = new JpegHuffmanEncoder(JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceSymbols);
        var dcChroma = new JpegHuffmanEncoder(JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcChrominanceSymbols);
        var acChroma = new JpegHuffmanEncoder(JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceSymbols);

        WriteHeaders(output, image, color, factor, lumaTable, chromaTable, color ? [dcLuma, acLuma, dcChroma, acChroma] : [dcLuma, acLuma]);

        int mcu = 8 * factor;
        int paddedWidth = (image.Width + mcu - 1) / mcu * mcu, paddedHeight = (image.Height + mcu - 1) / mcu * mcu;
        double[][] planes = Planes(image, paddedWidth, paddedHeight);
        int chromaWidth = paddedWidth / factor;
        if (color && factor == 2)
        {
            planes[1] = Halve(planes[1], paddedWidth, paddedHeight);
            planes[2] = Halve(planes[2], paddedWidth, paddedHeight);
        }

        var writer = new JpegBitWriter(output);
        Span<int> predictors = stackalloc int[3];
        Span<double> block = stackalloc double[64];
        for (int my = 0; my < paddedHeight; my += mcu)
        {
            for (int mx = 0; mx < paddedWidth; mx += mcu)
            {
                for (int by = 0; by < factor; by++)
                {
                    for (int bx = 0; bx < factor; bx++)
                        EncodeBlock(writer, planes[0], paddedWidth, mx + bx * 8, my + by * 8, block, lumaTable, dcLuma, acLuma, ref predictors[0]);
                }
                if (!color)
                    continue;
                for (int c = 1; c < 3; c++)
                    EncodeBlock(writer, planes[c], chromaWidth, mx / factor, my / factor, block, chromaTable, dcChroma, acChroma, ref predictors[c]);
            }
        }
        writer.Flush();
        output.Write([0xFF, JpegMarkers.Eoi]);
    }

    /// <summary>Y (and Cb, Cr) planes of the padded size, edges repeated into the padding as libjpeg does.</summary>
    private static double[][] Planes(Image image, int width, int height)
    {
        int channels = image.Channels;
        bool color = channels != 1;
        var y = new double[width * height];
        var cb = color ? new double[width * height] : [];
        var cr = color ? new double[width * height] : [];
        byte[] pixels = image.Pixels;
        for (int row = 0; row < height; row++)
        {
            int sy = Math.Min(row, image.Height - 1);
            for (int col = 0; col < width; col++)
            {
                int s = (sy * image.Width + Math.Min(col, image.Width - 1)) * channels;
                int d = row * width + col;
                if (!color)
                {
                    y[d] = pixels[s];
                    continue;
                }
                double r = pixels[s], g = pixels[s + 1], b = pixels[s + 2];
                y[d] = 0.299 * r + 0.587 * g + 0.114 * b;
                cb[d] = -0.168735892 * r - 0.331264108 * g + 0.5 * b + 128;
                cr[d] = 0.5 * r - 0.418687589 * g - 0.081312411 * b + 128;
            }
        }
        return color ? [y, cb, cr] : [y];
    }

    /// <summary>Averages 2x2 neighbourhoods.</summary>
    private static double[] Halve(double[] plane, int width, int height)
    {
        int w = width / 2, h = height / 2;
        var half = new double[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int s = 2 * y * width + 2 * x;
                half[y * w + x] = (plane[s] + plane[s + 1] + plane[s + width] + plane[s + width + 1]) / 4;
            }
        }
        return half;
    }

    private static void EncodeBlock(JpegBitWriter writer, double[] plane, int width, int x0, int y0, Span<double> block,
        byte[] table, JpegHuffmanEncoder dc, JpegHuffmanEncoder ac, ref int predictor)
    {
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
                block[y * 8 + x] = plane[(y0 + y) * width + x0 + x] - 128;
        }
        JpegForwardDct.Forward(block);
        Span<int> quantized = stackalloc int[64];
        for (int i = 0; i < 64; i++)
            quantized[i] = (int)Math.Round(block[i] / table[i], MidpointRounding.AwayFromZero);

        int diff = quantized[0] - predictor;
        predictor = quantized[0];
        int category = Category(diff);
        dc.Write(writer, category);
        if (category > 0)
            writer.Write(diff < 0 ? diff - 1 : diff, category);

        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = quantized[JpegScanDecoder.NaturalOrder[k]];
            if (value == 0)
            {
                run++;
                continue;
            }
            while (run > 15)
            {
                ac.Write(writer, 0xF0);   // ZRL: sixteen zeros
                run -= 16;
            }
            int size = Category(value);
            ac.Write(writer, (run << 4) | size);
            writer.Write(value < 0 ? value - 1 : value, size);
            run = 0;
        }
        if (run > 0)
            ac.Write(writer, 0x00);   // EOB
    }

    /// <summary>The number of bits of |value| (T.81's SSSS).</summary>
    private static int Category(int value) => value == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Abs(value));

    private static void WriteHeaders(Stream output, Image image, bool color, int factor, byte[] lumaTable, byte[] chromaTable, JpegHuffmanEncoder[] huffman)
    {
        output.Write([0xFF, JpegMarkers.Soi]);
        // APP0 JFIF 1.01, no units, 1:1 aspect, no thumbnail
        WriteSegment(output, JpegMarkers.App0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        var dqt = new List<byte>();
        AppendTable(dqt, 0, lumaTable);
        if (color)
            AppendTable(dqt, 1, chromaTable);
        WriteSegment(output, JpegMarkers.Dqt, dqt.ToArray());

        int components = color ? 3 : 1;
        var sof = new byte[6 + 3 * components];
        sof[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)image.Height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)image.Width);
        sof[5] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            sof[6 + 3 * c] = (byte)(c + 1);
            sof[7 + 3 * c] = c == 0 ? (byte)(factor << 4 | factor) : (byte)0x11;
            sof[8 + 3 * c] = c == 0 ? (byte)0 : (byte)1;
        }
        WriteSegment(output, JpegMarkers.Sof0, sof);

        var dht = new List<byte>();
        for (int t = 0; t < huffman.Length; t++)
        {
            dht.Add((byte)((t % 2) << 4 | t / 2));   // class (DC 0, AC 1) and id (luma 0, chroma 1)
            dht.AddRange(huffman[t].Counts);
            dht.AddRange(huffman[t].Symbols);
        }
        WriteSegment(output, JpegMarkers.Dht, dht.ToArray());

        var sos = new byte[4 + 2 * components];
        sos[0] = (byte)components;
        for (int c = 0; c < components; c++)
        {
            sos[1 + 2 * c] = (byte)(c + 1);
            sos[2 + 2 * c] = c == 0 ? (byte)0x00 : (byte)0x11;
        }
        sos[^3] = 0;
        sos[^2] = 63;
        sos[^1] = 0;
        WriteSegment(output, JpegMarkers.Sos, sos);
    }

    /// <summary>One DQT table: 8-bit precision, entries in zigzag order.</summary>
    private static void AppendTable(List<byte> dqt, int id, byte[] natural)
    {
        dqt.Add((byte)id);
        for (int k = 0; k < 64; k++)
            dqt.Add(natural[JpegScanDecoder.NaturalOrder[k]]);
    }

    private static void WriteSegment(Stream output, int marker, byte[] payload)
    {
        Span<byte> head = [0xFF, (byte)marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)];
        output.Write(head);
        output.Write(payload);
    }
}

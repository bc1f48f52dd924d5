using System.Diagnostics;
using Pix2Pix.Imaging.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Codecs;

/// <summary>
/// Mutates and truncates small valid files thousands of times (seeded): every outcome must be a decoded image or an
/// <see cref="ImageDecodeException"/> — never another exception, a hang, or a huge allocation.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("png", "rgb8_plain_13x11.png", 1)]
    [InlineData("png", "pal2_adam7_13x11.png", 2)]
    [InlineData("png", "graya16_adam7_13x11.png", 3)]
    [InlineData("png", "pillow_rgba_37x29.png", 4)]
    [InlineData("bmp", "pillow_p.bmp", 5)]
    [InlineData("bmp", "bitfields32_alpha.bmp", 6)]
    [InlineData("pnm", "plain_rgb.ppm", 7)]
    [InlineData("pnm", "rgb16.ppm", 8)]
    public void Mutated_and_truncated_files_only_decode_or_throw_image_decode_exception(string folder, string file, int seed)
    {
        byte[] original = File.ReadAllBytes(RepoPaths.Fixture(folder, file));
        var random = new Random(seed);
        int decoded = 0, rejected = 0;
        var watch = Stopwatch.StartNew();
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] data = Mutate(original, random);
            try
            {
                Image image = ImageCodecs.Decode(data, file, maxPixels: 1 << 20);
                Assert.True(image.Pixels.Length <= 4 << 20);
                decoded++;
            }
            catch (ImageDecodeException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                rejected++;
            }
        }

        output.WriteLine($"{file}: {decoded} decoded, {rejected} rejected in {watch.ElapsedMilliseconds} ms");
        Assert.True(rejected > 0, "the mutations should break some files");
    }

    [Theory]
    [InlineData("rgb8_plain_13x11.png", 11)]
    [InlineData("pal4_adam7_13x11.png", 12)]
    [InlineData("gray1_adam7_13x11.png", 13)]
    [InlineData("rgba16_plain_13x11.png", 14)]
    public void Png_mutations_with_repaired_crcs_reach_the_inflater_and_only_decode_or_throw_image_decode_exception(string file, int seed)
    {
        byte[] original = File.ReadAllBytes(RepoPaths.Fixture("png", file));
        var random = new Random(seed);
        int decoded = 0, rejected = 0;
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] data = (byte[])original.Clone();
            int flips = 1 + random.Next(3);
            for (int i = 0; i < flips; i++)
                data[8 + random.Next(data.Length - 8)] = (byte)random.Next(256);
            RepairCrcs(data);
            try
            {
                ImageCodecs.Decode(data, file, maxPixels: 1 << 20);
                decoded++;
            }
            catch (ImageDecodeException)
            {
                rejected++;
            }
        }

        output.WriteLine($"{file} (CRCs repaired): {decoded} decoded, {rejected} rejected");
        Assert.True(decoded > 0 && rejected > 0, "expected both outcomes");
    }

    /// <summary>Recomputes every chunk CRC whose declared length still fits, so mutations get past the CRC check.</summary>
    private static void RepairCrcs(byte[] png)
    {
        int pos = 8;
        while (pos + 12 <= png.Length)
        {
            long length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (pos + 12 + length > png.Length)
                return;
            uint crc = Pix2Pix.Imaging.Png.Crc32.Compute(png.AsSpan(pos + 4, (int)length + 4));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(pos + 8 + (int)length), crc);
            pos += 12 + (int)length;
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return original.AsSpan(0, random.Next(original.Length)).ToArray();
            case 1:
            {
                byte[] data = (byte[])original.Clone();
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips; i++)
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                return data;
            }

            case 2:
            {
                // Corrupt the header region, where sizes and lengths live.
                byte[] data = (byte[])original.Clone();
                int at = random.Next(Math.Min(64, data.Length));
                data[at] = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => (byte)random.Next(256) };
                return data;
            }

            default:
            {
                byte[] data = (byte[])original.Clone();
                int start = random.Next(data.Length);
                int length = Math.Min(data.Length - start, 1 + random.Next(16));
                random.NextBytes(data.AsSpan(start, length));
                return data;
            }
        }
    }
}

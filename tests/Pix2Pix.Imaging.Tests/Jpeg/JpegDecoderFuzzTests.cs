using System.Diagnostics;
using Pix2Pix.Imaging.Jpeg;
using Xunit.Abstractions;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>
/// Seeded random corruption of real files: flipped bytes, truncation, both. The decoder may succeed or throw
/// <see cref="ImageDecodeException"/>, nothing else (no IndexOutOfRange, NullReference, Overflow, hangs).
/// </summary>
public class JpegDecoderFuzzTests(ITestOutputHelper output)
{
    private const long FuzzMaxPixels = 256 * 256;

    [Theory]
    [InlineData("baseline_420_q50_33x65", 3000)]
    [InlineData("progressive_420_q95_96x64_optimized", 1000)]
    [InlineData("progressive_gray_q70_40x24", 2000)]
    [InlineData("crafted_420_restart3_q80_50x37", 2000)]
    [InlineData("crafted_440_q80_33x41", 1000)]
    [InlineData("crafted_progressive_420_restart2_q80_50x37", 1000)]
    [InlineData("baseline_422_q75_33x65", 1000)]
    [InlineData("real_horse2zebra_testA_n02381460_1120", 150)]
    public void Mutated_files_decode_or_fail_with_an_image_decode_exception(string name, int iterations)
    {
        byte[] original = JpegReference.Get(name).ReadJpeg();
        var random = new Random(name.Length * 7919 + iterations);
        int decoded = 0;
        int rejected = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            byte[] data = Mutate(original, random, out string mutation);
            try
            {
                Image image = JpegDecoder.Decode(data, name, FuzzMaxPixels);
                Assert.True(image.Width > 0 && image.Height > 0);
                decoded++;
            }
            catch (ImageDecodeException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}, iteration {i} ({mutation}): {e.GetType().Name} escaped: {e.Message}");
            }
        }

        output.WriteLine($"{name}: {iterations} mutants, {decoded} decoded, {rejected} rejected, {clock.ElapsedMilliseconds} ms");
    }

    private static byte[] Mutate(byte[] original, Random random, out string mutation)
    {
        int kind = random.Next(4);
        byte[] data = (byte[])original.Clone();
        var parts = new List<string>();
        if (kind is 0 or 2)
        {
            int count = 1 + random.Next(4);
            for (int j = 0; j < count; j++)
            {
                int at = random.Next(data.Length);
                byte value = random.Next(3) == 0 ? (byte)0xFF : (byte)random.Next(256);
                data[at] = value;
                parts.Add($"byte {at} = 0x{value:X2}");
            }
        }

        if (kind is 1 or 2)
        {
            int length = random.Next(data.Length);
            data = data.AsSpan(0, length).ToArray();
            parts.Add($"cut to {length} bytes");
        }

        if (kind == 3)
        {
            // Header-focused: corrupt one byte among the first few hundred (tables, frame and scan headers).
            int at = random.Next(Math.Min(data.Length, 700));
            data[at] = (byte)(data[at] ^ (1 << random.Next(8)));
            parts.Add($"bit flip at {at}");
        }

        mutation = string.Join(", ", parts);
        return data;
    }
}

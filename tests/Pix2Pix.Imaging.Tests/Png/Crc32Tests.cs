using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Imaging.Tests.Png;

public class Crc32Tests
{
    [Fact]
    public void Crc_of_the_standard_check_string_is_cbf43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Crc_of_an_iend_chunk_matches_the_value_every_png_ends_with()
    {
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [Fact]
    public void Running_update_equals_one_shot_computation()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        uint running = Crc32.Update(Crc32.Update(0xFFFFFFFFu, data.AsSpan(0, 333)), data.AsSpan(333)) ^ 0xFFFFFFFFu;
        Assert.Equal(Crc32.Compute(data), running);
    }
}

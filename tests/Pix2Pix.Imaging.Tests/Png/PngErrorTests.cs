using System.Diagnostics;
using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Imaging.Tests.Png;

public class PngErrorTests
{
    private static byte[] ValidPng() => PngEncoder.Encode(TestImages.Pattern(9, 6, 3, seed: 1));

    private static ImageDecodeException Fails(byte[] data, long maxPixels = DecodeLimits.DefaultMaxPixels) =>
        Assert.Throws<ImageDecodeException>(() => PngDecoder.Decode(data, "broken.png", maxPixels));

    [Fact]
    public void Corrupt_header_byte_fails_the_crc_check_naming_the_chunk_and_offset()
    {
        byte[] png = ValidPng();
        png[8 + 8 + 3] ^= 0x40; // a byte of the IHDR width
        var e = Fails(png);
        Assert.Equal("broken.png", e.Source);
        Assert.Equal("chunk IHDR at byte 8", e.Location);
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
        Assert.Contains("broken.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_crc_of_image_data_is_reported()
    {
        byte[] png = ValidPng();
        int idat = PngBuilder.FindChunk(png, "IDAT");
        png[idat + 10] ^= 0xFF;
        var e = Fails(png);
        Assert.Equal($"chunk IDAT at byte {idat}", e.Location);
        Assert.Contains("CRC", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_zlib_data_with_valid_crc_is_reported_as_corrupt_image_data()
    {
        byte[] png = PngBuilder.File(PngBuilder.Header(4, 4), PngBuilder.Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00, 0x12]), PngBuilder.Chunk("IEND", []));
        var e = Fails(png);
        Assert.Contains("IDAT", e.Location, StringComparison.Ordinal);
        Assert.Contains("corrupt", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_little_image_data_is_reported_with_the_row()
    {
        byte[] rows = new byte[2 * (1 + 4 * 3)]; // 2 of 4 rows
        byte[] png = PngBuilder.File(PngBuilder.Header(4, 4), PngBuilder.Chunk("IDAT", PngBuilder.Deflate(rows)), PngBuilder.Chunk("IEND", []));
        var e = Fails(png);
        Assert.Equal("IDAT data, row 2", e.Location);
        Assert.Contains("ends early", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void File_cut_inside_a_chunk_is_reported_as_truncated()
    {
        byte[] png = ValidPng();
        int idat = PngBuilder.FindChunk(png, "IDAT");
        var e = Fails(png[..(idat + 20)]);
        Assert.Equal($"chunk IDAT at byte {idat}", e.Location);
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void File_cut_between_chunks_before_any_image_data_is_reported()
    {
        byte[] png = ValidPng();
        var e = Fails(png[..PngBuilder.FindChunk(png, "IDAT")]);
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_iend_after_complete_image_data_is_tolerated()
    {
        byte[] png = ValidPng();
        Image image = PngDecoder.Decode(png.AsSpan(0, PngBuilder.FindChunk(png, "IEND")), "no-iend.png");
        Assert.Equal(TestImages.Pattern(9, 6, 3, seed: 1).Pixels, image.Pixels);
    }

    [Fact]
    public void Unknown_row_filter_is_reported_with_the_row()
    {
        byte[] rows = new byte[2 * (1 + 2 * 3)];
        rows[1 + 2 * 3] = 9; // filter byte of row 1
        byte[] png = PngBuilder.File(PngBuilder.Header(2, 2), PngBuilder.Chunk("IDAT", PngBuilder.Deflate(rows)), PngBuilder.Chunk("IEND", []));
        var e = Fails(png);
        Assert.Equal("IDAT data, row 1", e.Location);
        Assert.Contains("filter type 9", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_dimensions_fail_fast_without_allocating_the_image()
    {
        byte[] png = PngBuilder.File(PngBuilder.Header(100_000, 100_000), PngBuilder.Chunk("IDAT", PngBuilder.Deflate(new byte[100])), PngBuilder.Chunk("IEND", []));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var e = Fails(png);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("chunk IHDR at byte 8", e.Location);
        Assert.Contains("limit", e.Problem, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated:N0} bytes before rejecting");
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Allowed_size_with_far_too_little_compressed_data_fails_before_allocating_the_image()
    {
        // 10000x10000 gray is within the default limit, but 100 bytes of deflate cannot inflate to 100 MB.
        byte[] png = PngBuilder.File(PngBuilder.Header(10_000, 10_000, 8, 0), PngBuilder.Chunk("IDAT", new byte[100]), PngBuilder.Chunk("IEND", []));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(png);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("cannot hold", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Caller_pixel_limit_is_enforced()
    {
        var e = Fails(ValidPng(), maxPixels: 53);
        Assert.Contains("54 pixels", e.Problem, StringComparison.Ordinal);
        Assert.NotNull(PngDecoder.Decode(ValidPng(), "ok.png", maxPixels: 54));
    }

    [Fact]
    public void Decompression_bomb_stops_after_the_rows_the_header_promises()
    {
        // 8x8 gray claims 72 bytes of image data but the stream inflates to 10 MB: only the first 72 are read.
        byte[] png = PngBuilder.File(PngBuilder.Header(8, 8, 8, 0), PngBuilder.Chunk("IDAT", PngBuilder.Deflate(new byte[10_000_000])), PngBuilder.Chunk("IEND", []));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Image image = PngDecoder.Decode(png, "bomb.png");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 2_000_000);
        Assert.All(image.Pixels, p => Assert.Equal(0, p));
    }

    [Theory]
    [InlineData(3, 2, "bit depth 3")]
    [InlineData(8, 5, "colour type 5")]
    [InlineData(16, 3, "bit depth 16")]
    public void Invalid_header_fields_are_reported(byte depth, byte colorType, string expected)
    {
        byte[] png = PngBuilder.File(PngBuilder.Header(2, 2, depth, colorType), PngBuilder.Chunk("IEND", []));
        Assert.Contains(expected, Fails(png).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_width_is_reported()
    {
        Assert.Contains("0x2", Fails(PngBuilder.File(PngBuilder.Header(0, 2))).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void First_chunk_other_than_ihdr_is_reported()
    {
        byte[] png = PngBuilder.File(PngBuilder.Chunk("IDAT", [1, 2, 3]));
        var e = Fails(png);
        Assert.Equal("chunk IDAT at byte 8", e.Location);
        Assert.Contains("IHDR", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Palette_image_without_plte_is_reported()
    {
        byte[] png = PngBuilder.File(PngBuilder.Header(2, 2, 8, 3), PngBuilder.Chunk("IDAT", PngBuilder.Deflate(new byte[6])), PngBuilder.Chunk("IEND", []));
        Assert.Contains("PLTE", Fails(png).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_critical_chunk_is_reported_but_unknown_ancillary_chunks_are_skipped()
    {
        byte[] data = PngBuilder.Deflate(new byte[2 * (1 + 2 * 3)]);
        byte[] ok = PngBuilder.File(PngBuilder.Header(2, 2), PngBuilder.Chunk("abCd", [1, 2]), PngBuilder.Chunk("IDAT", data), PngBuilder.Chunk("IEND", []));
        Assert.Equal(12, PngDecoder.Decode(ok, "ok.png").Pixels.Length);
        byte[] bad = PngBuilder.File(PngBuilder.Header(2, 2), PngBuilder.Chunk("ABCD", [1, 2]), PngBuilder.Chunk("IDAT", data), PngBuilder.Chunk("IEND", []));
        var e = Fails(bad);
        Assert.Contains("ABCD", e.Location, StringComparison.Ordinal);
        Assert.Contains("critical", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_signature_is_reported()
    {
        Assert.Contains("signature", Fails("GIF89a..."u8.ToArray()).Problem, StringComparison.Ordinal);
    }
}

using Pix2Pix.Imaging.Jpeg;

namespace Pix2Pix.Imaging.Tests.Jpeg;

/// <summary>Unsupported, corrupt, truncated and oversized files fail with an <see cref="ImageDecodeException"/> that says why.</summary>
public class JpegDecoderRejectsBadInputTests
{
    private const string Baseline = "baseline_420_q50_33x65";
    private const string Progressive = "progressive_420_q80_48x40";

    [Fact]
    public void Data_without_an_SOI_marker_is_not_a_jpeg()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        AssertFails(png, "SOI");
        AssertFails([], "SOI");
    }

    [Fact]
    public void Cmyk_jpeg_is_unsupported()
    {
        byte[] data = File.ReadAllBytes(Path.Combine(JpegReference.Folder, "unsupported_cmyk_8x8.jpg"));
        var e = AssertFails(data, "unsupported");
        Assert.Contains("CMYK", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC5, "hierarchical")]
    [InlineData(0xC9, "arithmetic")]
    [InlineData(0xCA, "arithmetic")]
    public void Other_coding_processes_are_unsupported(int sofCode, string what)
    {
        byte[] data = Fixture(Baseline);
        data[JpegBytes.FindFrame(data) + 1] = (byte)sofCode;
        var e = AssertFails(data, "unsupported");
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_samples_are_unsupported()
    {
        byte[] data = Fixture(Baseline);
        data[JpegBytes.FindFrame(data) + 4] = 12;
        AssertFails(data, "12-bit samples are unsupported");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Component_counts_other_than_one_or_three_are_refused(int count)
    {
        byte[] data = Fixture(Baseline);
        data[JpegBytes.FindFrame(data) + 9] = (byte)count;
        AssertFails(data, "components");
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x51)]
    [InlineData(0x10)]
    public void Sampling_factors_outside_one_to_four_are_refused(int factors)
    {
        byte[] data = Fixture(Baseline);
        data[JpegBytes.FindFrame(data) + 11] = (byte)factors;
        AssertFails(data, "sampling factors");
    }

    [Fact]
    public void Fractional_sampling_ratios_are_unsupported()
    {
        byte[] data = Fixture(Baseline);
        int sof = JpegBytes.FindFrame(data);
        data[sof + 11] = 0x32; // Y 3x2 against Cb 2x1: 3 is not a multiple of 2
        data[sof + 14] = 0x21;
        AssertFails(data, "fractional sampling");
    }

    [Fact]
    public void A_scan_naming_a_component_the_frame_lacks_is_refused()
    {
        byte[] data = Fixture(Baseline);
        int sos = JpegBytes.FindMarker(data, 0xDA);
        data[sos + 5] = 9;
        AssertFails(data, "component id 9");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(7, 200)]
    public void A_huffman_table_with_more_codes_than_fit_is_refused(int length, int count)
    {
        var counts = new byte[16];
        counts[length - 1] = (byte)count;
        byte[] segment = [0xFF, 0xC4, (byte)((19 + count) >> 8), (byte)(19 + count), 0x00, .. counts, .. new byte[count]];
        byte[] data = Fixture(Baseline);
        byte[] patched = [.. data.AsSpan(0, 2), .. segment, .. data.AsSpan(2)];
        AssertFails(patched, $"too many codes of length {length}");
    }

    [Fact]
    public void A_wrong_restart_marker_is_refused()
    {
        byte[] data = Fixture("crafted_420_restart3_q80_50x37");
        int sos = JpegBytes.FindMarker(data, 0xDA);
        int rst = sos + 2;
        while (!(data[rst] == 0xFF && data[rst + 1] == 0xD0))
            rst++;
        data[rst + 1] = 0xD5;
        AssertFails(data, "expected restart marker RST0");
    }

    [Fact]
    public void Zero_width_is_refused_and_zero_height_needs_dnl_which_is_unsupported()
    {
        byte[] data = Fixture(Baseline);
        int sof = JpegBytes.FindFrame(data);
        data[sof + 7] = 0;
        data[sof + 8] = 0;
        AssertFails(data, "width is 0");
        data = Fixture(Baseline);
        data[sof + 5] = 0;
        data[sof + 6] = 0;
        AssertFails(data, "DNL");
    }

    [Fact]
    public void Huge_dimensions_are_refused_before_allocating()
    {
        byte[] data = Fixture(Baseline);
        int sof = JpegBytes.FindFrame(data);
        data[sof + 5] = data[sof + 6] = data[sof + 7] = data[sof + 8] = 0xFF;
        AssertFails(data, "decompression bomb");
        AssertFails(Fixture(Baseline), "decompression bomb", maxPixels: 33 * 65 - 1);
    }

    [Fact]
    public void A_scan_using_an_undefined_huffman_table_is_refused()
    {
        byte[] data = Fixture(Baseline);
        int sos = JpegBytes.FindMarker(data, 0xDA);
        data[sos + 6] = 0x33; // first scan component: DC table 3, AC table 3 (never defined)
        AssertFails(data, "Huffman table 3");
    }

    [Theory]
    [InlineData(0, 5, 0, 0)]
    [InlineData(6, 5, 0, 0)]
    [InlineData(1, 64, 0, 0)]
    [InlineData(0, 0, 3, 1)]
    [InlineData(0, 0, 0, 14)]
    public void Progressive_scans_with_illegal_parameters_are_refused(int ss, int se, int ah, int al)
    {
        byte[] data = Fixture(Progressive);
        int sos = JpegBytes.FindMarker(data, 0xDA);
        int count = data[sos + 4];
        int p = sos + 5 + (2 * count);
        data[p] = (byte)ss;
        data[p + 1] = (byte)se;
        data[p + 2] = (byte)((ah << 4) | al);
        AssertFails(data, "progressive scan parameters");
    }

    [Theory]
    [InlineData(Baseline)]
    [InlineData(Progressive)]
    [InlineData("crafted_420_restart3_q80_50x37")]
    public void A_file_cut_inside_the_scan_data_is_reported_as_truncated(string name)
    {
        byte[] full = Fixture(name);
        int sos = JpegBytes.FindMarker(full, 0xDA);
        for (int cut = sos + 20; cut < full.Length - 2; cut += Math.Max(1, (full.Length - sos) / 7))
            AssertFails(full.AsSpan(0, cut).ToArray(), "truncated");
    }

    [Fact]
    public void A_file_cut_inside_the_headers_is_reported_as_truncated()
    {
        byte[] full = Fixture(Baseline);
        int sos = JpegBytes.FindMarker(full, 0xDA);
        for (int cut = 3; cut <= sos + 8; cut += 5)
            AssertFails(full.AsSpan(0, cut).ToArray(), "truncated");
    }

    [Fact]
    public void Errors_name_the_source_and_the_place()
    {
        byte[] data = Fixture(Baseline);
        data[JpegBytes.FindFrame(data) + 4] = 12;
        var e = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(data, "photo.jpg", DecodeLimits.DefaultMaxPixels));
        Assert.Equal("photo.jpg", e.Source);
        Assert.StartsWith("SOF0 at byte ", e.Location, StringComparison.Ordinal);
        Assert.StartsWith("photo.jpg: ", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Fixture(string name) => JpegReference.Get(name).ReadJpeg();

    private static ImageDecodeException AssertFails(byte[] data, string expected, long maxPixels = DecodeLimits.DefaultMaxPixels)
    {
        var e = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(data, "test.jpg", maxPixels));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        return e;
    }
}

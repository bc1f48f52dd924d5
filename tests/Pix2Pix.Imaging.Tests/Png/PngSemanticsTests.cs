using Pix2Pix.Imaging.Png;

namespace Pix2Pix.Imaging.Tests.Png;

/// <summary>Documented choices for cases the reference fixtures (written through Pillow) do not reach.</summary>
public class PngSemanticsTests
{
    private static byte[] Idat(params byte[] raw) => PngBuilder.Chunk("IDAT", PngBuilder.Deflate(raw));

    [Fact]
    public void Palette_index_past_the_end_of_the_palette_becomes_black()
    {
        byte[] png = PngBuilder.File(
            PngBuilder.Header(2, 1, 8, 3),
            PngBuilder.Chunk("PLTE", [10, 20, 30]),
            Idat(0, 0, 7),
            PngBuilder.Chunk("IEND", []));
        Assert.Equal(new byte[] { 10, 20, 30, 0, 0, 0 }, PngDecoder.Decode(png, "p.png").Pixels);
    }

    [Fact]
    public void Short_trns_leaves_later_palette_entries_opaque()
    {
        byte[] png = PngBuilder.File(
            PngBuilder.Header(2, 1, 8, 3),
            PngBuilder.Chunk("PLTE", [10, 20, 30, 40, 50, 60]),
            PngBuilder.Chunk("tRNS", [7]),
            Idat(0, 0, 1),
            PngBuilder.Chunk("IEND", []));
        Assert.Equal(new byte[] { 10, 20, 30, 7, 40, 50, 60, 255 }, PngDecoder.Decode(png, "p.png").Pixels);
    }

    [Fact]
    public void Colour_key_trns_on_gray_and_rgb_images_is_ignored()
    {
        byte[] gray = PngBuilder.File(PngBuilder.Header(1, 1, 8, 0), PngBuilder.Chunk("tRNS", [0, 5]), Idat(0, 5), PngBuilder.Chunk("IEND", []));
        Image g = PngDecoder.Decode(gray, "g.png");
        Assert.Equal(1, g.Channels);
        Assert.Equal(new byte[] { 5 }, g.Pixels);

        byte[] rgb = PngBuilder.File(PngBuilder.Header(1, 1, 8, 2), PngBuilder.Chunk("tRNS", [0, 1, 0, 2, 0, 3]), Idat(0, 1, 2, 3), PngBuilder.Chunk("IEND", []));
        Image c = PngDecoder.Decode(rgb, "c.png");
        Assert.Equal(3, c.Channels);
        Assert.Equal(new byte[] { 1, 2, 3 }, c.Pixels);
    }

    [Fact]
    public void Idat_chunks_split_around_ancillary_chunks_are_joined()
    {
        byte[] data = PngBuilder.Deflate([0, 1, 2, 3, 0, 4, 5, 6]);
        byte[] png = PngBuilder.File(
            PngBuilder.Header(1, 2, 8, 2),
            PngBuilder.Chunk("IDAT", data.AsSpan(0, 3)),
            PngBuilder.Chunk("IDAT", data.AsSpan(3, 4)),
            PngBuilder.Chunk("tEXt", "k\0v"u8),
            PngBuilder.Chunk("IDAT", data.AsSpan(7)),
            PngBuilder.Chunk("IEND", []));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, PngDecoder.Decode(png, "split.png").Pixels);
    }
}

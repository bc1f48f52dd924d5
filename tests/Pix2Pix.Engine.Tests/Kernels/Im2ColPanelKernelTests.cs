using System.Runtime.Intrinsics.X86;
using Pix2Pix.Engine.Kernels;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// The unfolding of narrow output rows (the U-Net's inner layers, 4–16 positions wide, where a GEMM panel of 16 or 32
/// columns spans several output rows) and the masked short runs of the stride-2 paths, against the plain gather and
/// the reference convolutions.
/// </summary>
public unsafe class Im2ColPanelKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    private static readonly Conv2dGeometry[] NarrowRows =
    [
        new(1, 3, 32, 32, 5, 4, 4, 2, 2, 1, 1),   // 16 wide: a 32-panel is two whole rows
        new(1, 2, 16, 16, 3, 4, 4, 2, 2, 1, 1),   // 8 wide: a 32-panel is four whole rows
        new(1, 2, 7, 31, 3, 5, 5, 2, 2, 2, 2),    // 16 wide, 5×5, padding 2, three rows: a whole panel and a half one
        new(1, 2, 16, 16, 3, 3, 3, 1, 1, 1, 1),   // stride 1, 16 wide
        new(1, 2, 9, 8, 3, 3, 3, 1, 1, 1, 1),     // stride 1, 8 wide
        new(1, 2, 24, 24, 4, 4, 4, 2, 2, 1, 1),   // 12 wide: panels start inside a row
        new(1, 2, 10, 10, 3, 4, 4, 2, 2, 1, 1),   // 5 wide: up to 8 row segments
        new(1, 2, 8, 8, 3, 4, 4, 2, 2, 1, 1),     // 4 wide: exactly 8 rows
        new(1, 2, 7, 7, 3, 3, 3, 2, 2, 1, 1),     // 4 wide, 3×3
        new(1, 2, 6, 6, 3, 4, 4, 2, 2, 0, 0),     // 2 wide: too many rows, the plain gather
        new(1, 3, 9, 9, 2, 3, 3, 1, 1, 1, 1),     // stride 1, 9 wide
        new(1, 2, 13, 11, 3, 4, 4, 1, 1, 2, 2),   // stride 1, 12 wide, padding 2
        new(1, 2, 17, 34, 3, 4, 4, 2, 2, 1, 1),   // 17 wide: a panel ends one position into the next row
        new(1, 3, 6, 80, 4, 4, 4, 2, 2, 1, 1),    // 40 wide: panels within one row, and over two
        new(1, 2, 5, 70, 3, 4, 4, 1, 1, 1, 1),    // stride 1, 69 wide
    ];

    [Fact]
    public void Panels_within_one_or_over_several_output_rows_are_exactly_what_the_plain_gather_writes()
    {
        bool[] widths = Avx512F.IsSupported ? [false, true] : [false];
        int checkedPanels = 0;
        foreach (bool vector512 in widths)
        {
            foreach (Conv2dGeometry g in NarrowRows)
            {
                float[] image = Random(g.InputLength, 21);
                var shape = new Im2ColShape(g, vector512);
                int k = g.InChannels * g.KernelH * g.KernelW, positions = g.OutHeight * g.OutWidth;
                foreach (int nr in new[] { 16, 32 })
                {
                    for (int j0 = 0; j0 < positions; j0 += nr)
                    {
                        int cols = Math.Min(nr, positions - j0);
                        foreach ((int p0, int kc) in new[] { (0, k), (1, k - 1), (k / 2, k - k / 2), (3, Math.Min(5, k - 3)) })
                        {
                            float[] fast = new float[kc * nr], plain = new float[kc * nr];
                            Array.Fill(fast, float.NaN);
                            bool took;
                            fixed (float* img = image, f = fast, p = plain)
                            {
                                took = shape.PackPanel(img, p0, kc, j0, cols, nr, f);
                                for (int pp = 0; pp < kc; pp++)
                                    shape.Gather(img, p0 + pp, j0, cols, p + pp * nr, 1);
                            }
                            int rows = (j0 % g.OutWidth + cols + g.OutWidth - 1) / g.OutWidth;
                            Assert.Equal(rows <= 8, took);
                            if (!took)
                                continue;
                            checkedPanels++;
                            for (int i = 0; i < fast.Length; i++)
                                Assert.True(BitConverter.SingleToInt32Bits(plain[i]) == BitConverter.SingleToInt32Bits(fast[i]),
                                    $"{g}, vector512 {vector512}, nr {nr}, j0 {j0}, p0 {p0}: element {i} is {fast[i]}, the plain gather wrote {plain[i]}.");
                        }
                    }
                }
            }
        }
        Assert.True(checkedPanels > 100, $"only {checkedPanels} panels took the multi-row path");
    }

    [Fact]
    public void Transposed_panels_packed_row_by_row_are_exactly_what_the_tap_by_tap_gather_writes()
    {
        // The weight gradient's B panels (rows: output positions; columns: taps) for kernels of 1–7, strides 1–3,
        // paddings 0–3, panels that start inside a channel's taps, narrower than nr, and rows that cross output rows.
        Conv2dGeometry[] shapes =
        [
            new(1, 5, 17, 15, 4, 3, 3, 2, 2, 1, 1),
            new(1, 4, 12, 12, 3, 3, 3, 1, 1, 1, 1),
            new(1, 3, 9, 11, 2, 4, 4, 2, 2, 1, 1),
            new(1, 2, 14, 14, 3, 7, 7, 1, 1, 3, 3),
            new(1, 6, 8, 8, 2, 1, 1, 1, 1, 0, 0),
            new(1, 3, 10, 13, 2, 5, 3, 3, 2, 2, 0),
            new(1, 2, 6, 6, 2, 3, 3, 2, 2, 2, 2),
        ];
        int panels = 0;
        foreach (Conv2dGeometry g in shapes)
        {
            float[] image = Random(g.InputLength, 31);
            int k = g.InChannels * g.KernelH * g.KernelW, positions = g.OutHeight * g.OutWidth;
            foreach (int nr in new[] { 16, 32 })
                for (int j0 = 0; j0 < k; j0 += nr - 3)
                {
                    int cols = Math.Min(nr, k - j0);
                    foreach ((int p0, int kc) in new[] { (0, positions), (1, positions - 1), (positions / 2, positions - positions / 2), (5, Math.Min(7, positions - 5)) })
                    {
                        float[] rows = new float[kc * nr], taps = new float[kc * nr];
                        Array.Fill(rows, float.NaN);
                        fixed (float* img = image, r = rows, t = taps)
                        {
                            var source = new Im2ColTransposedPanelSource(img, g);
                            source.PackRows(p0, kc, j0, cols, nr, r);
                            source.PackByTaps(p0, kc, j0, cols, nr, t);
                        }
                        for (int i = 0; i < rows.Length; i++)
                            Assert.True(BitConverter.SingleToInt32Bits(taps[i]) == BitConverter.SingleToInt32Bits(rows[i]),
                                $"{g}, nr {nr}, j0 {j0}, p0 {p0}: element {i} is {rows[i]}, the tap-by-tap gather wrote {taps[i]}.");
                        panels++;
                    }
                }
        }
        Assert.True(panels > 100, $"only {panels} panels compared");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Convolutions_with_narrow_output_rows_match_the_reference_in_all_three_passes(string path)
    {
        using var forced = ForcedPath(path);
        // More than 64 output positions (below, the small-spatial kernel takes the forward) and 8+ output channels
        // (so the GEMM packs B panels rather than computing the transpose).
        foreach (var g in new Conv2dGeometry[]
        {
            new(1, 6, 32, 32, 9, 4, 4, 2, 2, 1, 1),
            new(2, 5, 24, 24, 8, 4, 4, 2, 2, 1, 1),
            new(1, 7, 20, 18, 10, 4, 4, 2, 2, 1, 1),
            new(1, 4, 30, 10, 9, 4, 4, 2, 2, 1, 1),
            new(1, 5, 26, 8, 12, 4, 4, 2, 2, 1, 1),
            new(1, 3, 40, 5, 9, 3, 3, 1, 1, 1, 1),
        })
            CheckConv2dAgainstReference(g, $"{g} on {path}");
        // Transposed convolutions whose forward folds columns back into rows of 2–17 pixel pairs (the masked tails).
        foreach (var t in new ConvTranspose2dGeometry[]
        {
            new(1, 9, 4, 4, 6, 4, 4, 2, 2, 1, 1, 0, 0),
            new(1, 8, 8, 8, 5, 4, 4, 2, 2, 1, 1, 0, 0),
            new(2, 6, 5, 7, 4, 4, 4, 2, 2, 1, 1, 0, 0),
            new(1, 7, 3, 16, 3, 4, 4, 2, 2, 1, 1, 0, 0),
            new(1, 5, 6, 17, 4, 4, 4, 2, 2, 1, 1, 0, 0),
            new(1, 4, 2, 1, 3, 4, 4, 2, 2, 1, 1, 0, 0),
        })
            CheckConvTranspose2dAgainstReference(t, $"{t} on {path}");
    }
}

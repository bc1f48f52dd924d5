using Pix2Pix.Engine.Kernels;
using Pix2Pix.Engine.Kernels.Reference;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>Convolution and transposed convolution on each forced SIMD path (the other kernel tests use the best path).</summary>
public class ConvSimdPathKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Conv2d_forward_matches_the_reference_when_whole_panels_lie_inside_wide_output_rows(string path)
    {
        using var forced = ForcedPath(path);
        // Output rows of 40, 70 and 33 positions: panels of 32 (or 16) columns lie within a row, with runs of
        // 32, 31 and shorter lengths between the padding (every tail of the stride-2 de-interleave).
        foreach (var g in new Conv2dGeometry[]
        {
            new(1, 5, 20, 80, 9, 4, 4, 2, 2, 1, 1),
            new(2, 3, 9, 140, 8, 4, 4, 2, 2, 1, 1),
            new(1, 4, 6, 66, 7, 3, 3, 2, 2, 1, 1),
            new(1, 4, 7, 70, 6, 4, 4, 1, 1, 1, 1),
        })
        {
            float[] x = Random(g.InputLength, 11), w = Random(g.WeightLength, 12), b = Random(g.OutChannels, 13);
            float[] y0 = new float[g.OutputLength], y1 = new float[g.OutputLength];
            Conv2dReference.Forward(x, w, b, y0, g);
            Conv2dKernels.Forward(x, w, b, y1, g);
            AssertClose(y0, y1, what: $"forward {g} on {path}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Conv2d_all_three_kernels_match_the_reference_on_every_simd_path(string path)
    {
        using var forced = ForcedPath(path);
        var g = new Conv2dGeometry(2, 5, 11, 45, 13, 4, 4, 2, 2, 1, 1); // 23 output columns: full vectors in the stride-2 paths
        CheckConv2dAgainstReference(g, $"{g} on {path}");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ConvTranspose2d_all_three_kernels_match_the_reference_on_every_simd_path(string path)
    {
        using var forced = ForcedPath(path);
        var g = new ConvTranspose2dGeometry(2, 7, 5, 20, 4, 3, 3, 2, 2, 1, 1, 1, 1);
        CheckConvTranspose2dAgainstReference(g, $"{g} on {path}");
    }
}

using Pix2Pix.Engine.Kernels;
using Xunit.Abstractions;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>
/// <see cref="WinogradConv"/> (F(4×4, 3×3) for 3×3 filters, F(3×3, 4×4) for 4×4 ones) against a double-precision
/// reference on many shapes and every SIMD path, its error next to the im2col path's, its accumulate contract,
/// determinism and where the plan chooses it.
/// </summary>
public class WinogradKernelTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bound on |result − exact| / Σ|w||x| per element, Σ|w||x| taken as the largest in the element's 4×4 output tile
    /// (see <see cref="TileMax"/>). Observed at most 1.8·10⁻⁶ (forward) and 2.0·10⁻⁶ (data
    /// gradient) on the shapes below, on every path; im2col's 2.2·10⁻⁷ and 1.0·10⁻⁷. The bound leaves a margin of 3.
    /// </summary>
    private const double MaxRelativeError = 6e-6;

    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    /// <summary>(batch, Cin, Cout, H, W, pad): channels 1..300, planes 1..70, pad 0, 1 and 2, batch 1..3.</summary>
    private static readonly (int N, int Cin, int Cout, int H, int W, int Pad)[] s_shapes =
    [
        (1, 1, 1, 3, 3, 0), (1, 1, 1, 1, 1, 1), (2, 1, 3, 1, 7, 1), (1, 3, 1, 4, 5, 0), (3, 2, 5, 6, 6, 1),
        (1, 7, 9, 9, 11, 0), (2, 17, 13, 13, 10, 1), (1, 5, 6, 70, 3, 1), (1, 4, 3, 3, 70, 0), (1, 300, 5, 6, 7, 1),
        (1, 4, 300, 7, 5, 1), (3, 33, 35, 15, 17, 1), (1, 64, 64, 34, 34, 0), (1, 64, 48, 32, 32, 1),
        (2, 40, 36, 21, 19, 0), (1, 9, 11, 70, 70, 1), (1, 130, 100, 10, 12, 1), (1, 8, 8, 9, 9, 2), (2, 6, 7, 5, 4, 2),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_and_data_gradient_match_a_double_reference_on_many_shapes_within_the_winograd_bound(string path)
    {
        using var forced = ForcedPath(path);
        double worstForward = 0, worstData = 0, im2colForward = 0, im2colData = 0;
        foreach (var (n, cin, cout, h, w, pad) in s_shapes)
        {
            var g = new Conv2dGeometry(n, cin, h, w, cout, 3, 3, 1, 1, pad, pad);
            Assert.True(WinogradConv.Applies(g));
            var (forward, data, forwardIm2col, dataIm2col) = Errors(g, seed: cin * 31 + cout);
            Assert.True(forward <= MaxRelativeError, $"forward {g} on {path}: relative error {forward:g3} > {MaxRelativeError:g3}");
            Assert.True(data <= MaxRelativeError, $"data gradient {g} on {path}: relative error {data:g3} > {MaxRelativeError:g3}");
            worstForward = Math.Max(worstForward, forward);
            worstData = Math.Max(worstData, data);
            im2colForward = Math.Max(im2colForward, forwardIm2col);
            im2colData = Math.Max(im2colData, dataIm2col);
        }
        output.WriteLine($"{path}: max |error|/Σ|w||x|: Winograd forward {worstForward:g3}, data gradient {worstData:g3}; " +
            $"im2col forward {im2colForward:g3}, data gradient {im2colData:g3}");
        // Winograd is less exact than a direct sum, but not by orders of magnitude.
        Assert.True(worstForward <= 50 * Math.Max(im2colForward, 1e-8) && worstData <= 50 * Math.Max(im2colData, 1e-8),
            $"Winograd errors ({worstForward:g3}, {worstData:g3}) are far above im2col's ({im2colForward:g3}, {im2colData:g3}).");
    }

    /// <summary>
    /// Bound on |result − exact| / Σ|dy||x| for the weight gradient, Σ|dy||x| taken as the largest of the element's
    /// 3×3 filter (see <see cref="FilterMax"/>). Observed at most 1.4·10⁻⁶ on the shapes below, on every path
    /// (the same on all three); im2col's 2.2·10⁻⁷. The bound leaves a margin of about 3.
    /// </summary>
    private const double MaxWeightGradientError = 4e-6;

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_weight_gradient_matches_a_double_reference_on_many_shapes_within_the_winograd_bound(string path)
    {
        using var forced = ForcedPath(path);
        double worst = 0, im2col = 0;
        foreach (var (n, cin, cout, h, w, pad) in s_shapes)
        {
            var g = new Conv2dGeometry(n, cin, h, w, cout, 3, 3, 1, 1, pad, pad);
            int seed = cin * 17 + cout;
            float[] x = Random(g.InputLength, seed), dy = Random(g.OutputLength, seed + 1);
            var (exact, element) = ExactWeight(dy, x, g);
            double[] bound = FilterMax(element, 9);
            float[] dww = new float[g.WeightLength], dwi = new float[g.WeightLength];
            WinogradConv.BackwardWeightAccumulate(dy, x, dww, g);
            Im2ColGemmConv.BackwardWeightAccumulate(Conv2dPlan.Im2ColBackwardWeight(g), dy, x, dwi, g);
            double error = Worst(dww, exact, bound), im2colError = Worst(dwi, exact, bound);
            Assert.True(error <= MaxWeightGradientError, $"weight gradient {g} on {path}: relative error {error:g3} > {MaxWeightGradientError:g3}");
            worst = Math.Max(worst, error);
            im2col = Math.Max(im2col, im2colError);
        }
        output.WriteLine($"{path}: max |error|/Σ|dy||x|: Winograd weight gradient {worst:g3}; im2col {im2col:g3}");
        Assert.True(worst <= 50 * Math.Max(im2col, 1e-8), $"Winograd's weight-gradient error {worst:g3} is far above im2col's {im2col:g3}.");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_resnet_block_layer_takes_winograd_forward_and_back_and_matches_the_reference_through_the_kernels(string path)
    {
        using var forced = ForcedPath(path);
        var g = new Conv2dGeometry(2, 40, 34, 33, 36, 3, 3, 1, 1, 0, 0);
        Conv2dPlan plan = Conv2dPlan.For(g);
        Assert.Equal(ConvAlgorithm.Winograd, plan.Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, plan.BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, plan.BackwardWeight.Algorithm);
        // Forward with bias, data gradient accumulated into a non-zero start, weight gradient: the public entry points.
        CheckConv2dAgainstReference(g, $"{g} on {path}");
        CheckConv2dAgainstReference(g with { PadH = 1, PadW = 1, Batch = 1 }, $"{g} pad 1 on {path}");
    }

    [Fact]
    public void The_plan_keeps_small_channel_counts_small_planes_and_other_kernels_off_winograd()
    {
        foreach (var g in new Conv2dGeometry[]
        {
            new(1, WinogradConv.MinChannels - 1, 32, 32, 256, 3, 3, 1, 1, 1, 1),
            new(1, 256, 32, 32, WinogradConv.MinChannels - 1, 3, 3, 1, 1, 1, 1),
            new(1, 256, WinogradConv.MinForwardPlane - 1, 40, 256, 3, 3, 1, 1, 1, 1),
            new(1, 256, 40, WinogradConv.MinForwardPlane + 1, 256, 3, 3, 1, 1, 0, 0),
            new(1, 256, 64, 64, 256, 3, 3, 2, 2, 1, 1),
            new(1, 256, 32, 32, 256, 5, 5, 1, 1, 2, 2),
            new(1, 256, 32, 32, 256, 3, 3, 1, 1, 3, 3),
            new(1, 256, 32, 32, 256, 4, 4, 1, 1, 4, 4),
            new(1, 256, 32, 32, 256, 4, 3, 1, 1, 1, 1),
            new(1, 256, 64, 64, 256, 4, 4, 2, 2, 1, 1),
        })
        {
            Conv2dPlan plan = Conv2dPlan.For(g);
            Assert.NotEqual(ConvAlgorithm.Winograd, plan.Forward.Algorithm);
            Assert.NotEqual(ConvAlgorithm.Winograd, plan.BackwardData.Algorithm);
            Assert.NotEqual(ConvAlgorithm.Winograd, plan.BackwardWeight.Algorithm);
        }
        // Forward and weight gradient from a 16² output on; the data gradient from a 32² input on (measured thresholds).
        Conv2dPlan small = Conv2dPlan.For(new Conv2dGeometry(1, 64, WinogradConv.MinForwardPlane, WinogradConv.MinForwardPlane, 64, 3, 3, 1, 1, 1, 1));
        Assert.Equal(ConvAlgorithm.Winograd, small.Forward.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, small.BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, small.BackwardWeight.Algorithm);
        Conv2dPlan smaller = Conv2dPlan.For(new Conv2dGeometry(1, 64, WinogradConv.MinWeightPlane - 1, 40, 64, 3, 3, 1, 1, 1, 1));
        Assert.NotEqual(ConvAlgorithm.Winograd, smaller.BackwardWeight.Algorithm);
        Conv2dPlan resnet = Conv2dPlan.For(new Conv2dGeometry(1, 256, 34, 34, 256, 3, 3, 1, 1, 0, 0));
        Assert.Equal(ConvAlgorithm.Winograd, resnet.Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, resnet.BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, resnet.BackwardWeight.Algorithm);
    }

    [Fact]
    public void Results_are_bit_identical_for_any_thread_count_and_several_tile_chunks()
    {
        // 256 channels and 52×44 outputs: 143 tiles in chunks of 112 or less, so the chunk loop runs more than once.
        var g = new Conv2dGeometry(1, 256, 52, 44, 40, 3, 3, 1, 1, 1, 1);
        Assert.True(WinogradConv.TilesPerChunk(256, 13 * 11) < 13 * 11);
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), dy = Random(g.OutputLength, 3);
        (float[] Y, float[] Dx) Run(int degree)
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] y = Random(g.OutputLength, 4), dx = Random(g.InputLength, 5);
            WinogradConv.ForwardAccumulate(x, w, y, g);
            WinogradConv.BackwardDataAccumulate(dy, w, dx, g);
            return (y, dx);
        }
        var one = Run(1);
        foreach (int degree in new[] { 2, 3, 7 })
        {
            var other = Run(degree);
            Assert.Equal(one.Y, other.Y);
            Assert.Equal(one.Dx, other.Dx);
        }
        // And against the reference on the multi-chunk shape (accumulating onto the random start).
        float[] y0 = Random(g.OutputLength, 4), y1 = (float[])y0.Clone();
        AddReferenceForward(x, w, y0, g);
        WinogradConv.ForwardAccumulate(x, w, y1, g);
        AssertClose(y0, y1, what: "multi-chunk forward");
    }

    [Fact]
    public void The_data_gradient_accumulates_into_gradinput()
    {
        var g = new Conv2dGeometry(2, 12, 10, 9, 14, 3, 3, 1, 1, 1, 1);
        float[] dy = Random(g.OutputLength, 1), w = Random(g.WeightLength, 2);
        float[] start = Random(g.InputLength, 3), once = new float[g.InputLength], accumulated = (float[])start.Clone();
        WinogradConv.BackwardDataAccumulate(dy, w, once, g);
        WinogradConv.BackwardDataAccumulate(dy, w, accumulated, g);
        for (int i = 0; i < start.Length; i++)
            Assert.Equal(start[i] + once[i], accumulated[i], 1e-5f);
        Assert.Contains(once, v => v != 0);
    }

    [Fact]
    public void The_weight_gradient_accumulates_into_gradweight_and_is_bit_identical_for_any_thread_count_and_chunking()
    {
        // One chunk (products and back-transform per block of output channels, the blocks following the thread count).
        var single = new Conv2dGeometry(2, 48, 22, 21, 70, 3, 3, 1, 1, 1, 1);
        Assert.Equal(2 * 6 * 6, WinogradConv.TilesPerChunk(70, 2 * 6 * 6));
        float[] xs = Random(single.InputLength, 11), dys = Random(single.OutputLength, 13);
        float[] RunSingle(int degree)
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] dw = Random(single.WeightLength, 14);
            WinogradConv.BackwardWeightAccumulate(dys, xs, dw, single);
            return dw;
        }
        float[] singleOne = RunSingle(1);
        foreach (int degree in new[] { 2, 3, 7, 40 })
            Assert.Equal(singleOne, RunSingle(degree));

        // 256 channels and 52×44 outputs: 143 tiles in chunks of 112 or less, so the tile reduction spans two chunks.
        var g = new Conv2dGeometry(1, 256, 52, 44, 40, 3, 3, 1, 1, 1, 1);
        Assert.True(WinogradConv.TilesPerChunk(256, 13 * 11) < 13 * 11);
        float[] x = Random(g.InputLength, 1), dy = Random(g.OutputLength, 3);
        float[] Run(int degree)
        {
            using var scope = Parallelism.WithDegree(degree);
            float[] dw = Random(g.WeightLength, 4);
            WinogradConv.BackwardWeightAccumulate(dy, x, dw, g);
            return dw;
        }
        float[] one = Run(1);
        foreach (int degree in new[] { 2, 3, 7, 40 })
            Assert.Equal(one, Run(degree));
        // Against the reference on the multi-chunk shape, accumulated onto the random start (the contract is +=).
        float[] start = Random(g.WeightLength, 4);
        var (exact, _) = ExactWeight(dy, x, g);
        var expected = new float[start.Length];
        for (int i = 0; i < start.Length; i++)
            expected[i] = (float)(start[i] + exact[i]);
        AssertClose(expected, one, what: "multi-chunk weight gradient");
        float[] twice = Run(1);
        WinogradConv.BackwardWeightAccumulate(dy, x, twice, g);
        for (int i = 0; i < start.Length; i++)
            Assert.Equal(2 * one[i] - start[i], twice[i], 2e-3f);
    }

    /// <summary>
    /// Bounds for F(3×3, 4×4), as <see cref="MaxRelativeError"/> and <see cref="MaxWeightGradientError"/> (the tile
    /// 3×3, the filter 4×4). Observed at most 1.3·10⁻⁶ (forward), 3.7·10⁻⁶ (data gradient) and 2.3·10⁻⁶ (weight
    /// gradient) on the shapes below, the same on every path; im2col's 2.1·10⁻⁷, 7.2·10⁻⁸ and 2.3·10⁻⁷. The bounds
    /// leave a margin of about 3 (2.7 for the data gradient), and the data gradient, padded by up to 3 where the
    /// 3×3 path pads by up to 2, is allowed 100× im2col's error instead of 50×.
    /// </summary>
    private const double MaxRelativeError4x4 = 4e-6, MaxDataError4x4 = 1e-5, MaxWeightGradientError4x4 = 7e-6;

    /// <summary>(batch, Cin, Cout, H, W, pad) for 4×4 filters: channels 1..300, planes 1..70, pad 0..3, batch 1..3.</summary>
    private static readonly (int N, int Cin, int Cout, int H, int W, int Pad)[] s_shapes4x4 =
    [
        (1, 1, 1, 4, 4, 0), (1, 1, 1, 1, 1, 2), (1, 1, 1, 1, 1, 3), (2, 1, 3, 2, 7, 1), (1, 3, 1, 5, 6, 0), (3, 2, 5, 6, 6, 2),
        (1, 7, 9, 9, 11, 3), (2, 17, 13, 13, 10, 1), (1, 5, 6, 70, 4, 1), (1, 4, 3, 4, 70, 0), (1, 300, 5, 6, 7, 1),
        (1, 4, 300, 7, 5, 2), (3, 33, 35, 15, 17, 1), (1, 64, 48, 32, 32, 1), (2, 40, 36, 21, 19, 0), (1, 9, 11, 70, 70, 1),
        (1, 130, 100, 10, 12, 3), (1, 8, 8, 9, 9, 2), (1, 64, 64, 16, 16, 1),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void F3x4_forward_and_data_gradient_match_a_double_reference_on_many_shapes_within_the_winograd_bound(string path)
    {
        using var forced = ForcedPath(path);
        double worstForward = 0, worstData = 0, im2colForward = 0, im2colData = 0;
        foreach (var (n, cin, cout, h, w, pad) in s_shapes4x4)
        {
            var g = new Conv2dGeometry(n, cin, h, w, cout, 4, 4, 1, 1, pad, pad);
            Assert.True(WinogradConv.Applies(g));
            var (forward, data, forwardIm2col, dataIm2col) = Errors(g, seed: cin * 29 + cout);
            Assert.True(forward <= MaxRelativeError4x4, $"forward {g} on {path}: relative error {forward:g3} > {MaxRelativeError4x4:g3}");
            Assert.True(data <= MaxDataError4x4, $"data gradient {g} on {path}: relative error {data:g3} > {MaxDataError4x4:g3}");
            worstForward = Math.Max(worstForward, forward);
            worstData = Math.Max(worstData, data);
            im2colForward = Math.Max(im2colForward, forwardIm2col);
            im2colData = Math.Max(im2colData, dataIm2col);
        }
        output.WriteLine($"{path}: F(3x3, 4x4) max |error|/Σ|w||x|: Winograd forward {worstForward:g3}, data gradient {worstData:g3}; " +
            $"im2col forward {im2colForward:g3}, data gradient {im2colData:g3}");
        Assert.True(worstForward <= 50 * Math.Max(im2colForward, 1e-8) && worstData <= 100 * Math.Max(im2colData, 1e-8),
            $"Winograd errors ({worstForward:g3}, {worstData:g3}) are far above im2col's ({im2colForward:g3}, {im2colData:g3}).");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void F3x4_weight_gradient_matches_a_double_reference_on_many_shapes_within_the_winograd_bound(string path)
    {
        using var forced = ForcedPath(path);
        double worst = 0, im2col = 0;
        foreach (var (n, cin, cout, h, w, pad) in s_shapes4x4)
        {
            var g = new Conv2dGeometry(n, cin, h, w, cout, 4, 4, 1, 1, pad, pad);
            int seed = cin * 19 + cout;
            float[] x = Random(g.InputLength, seed), dy = Random(g.OutputLength, seed + 1);
            var (exact, element) = ExactWeight(dy, x, g);
            double[] bound = FilterMax(element, 16);
            float[] dww = new float[g.WeightLength], dwi = new float[g.WeightLength];
            WinogradConv.BackwardWeightAccumulate(dy, x, dww, g);
            Im2ColGemmConv.BackwardWeightAccumulate(Conv2dPlan.Im2ColBackwardWeight(g), dy, x, dwi, g);
            double error = Worst(dww, exact, bound), im2colError = Worst(dwi, exact, bound);
            Assert.True(error <= MaxWeightGradientError4x4, $"weight gradient {g} on {path}: relative error {error:g3} > {MaxWeightGradientError4x4:g3}");
            worst = Math.Max(worst, error);
            im2col = Math.Max(im2col, im2colError);
        }
        output.WriteLine($"{path}: F(3x3, 4x4) max |error|/Σ|dy||x|: Winograd weight gradient {worst:g3}; im2col {im2col:g3}");
        Assert.True(worst <= 50 * Math.Max(im2col, 1e-8), $"Winograd's weight-gradient error {worst:g3} is far above im2col's {im2col:g3}.");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_narrow_stride1_4x4_layer_takes_winograd_forward_and_matches_the_reference_through_the_kernels(string path)
    {
        using var forced = ForcedPath(path);
        // Forward by F(3×3, 4×4) through the plan (its gradients are narrower than the measured thresholds: im2col).
        var g = new Conv2dGeometry(2, 40, 21, 20, 36, 4, 4, 1, 1, 1, 1);
        Conv2dPlan plan = Conv2dPlan.For(g);
        Assert.Equal(ConvAlgorithm.Winograd, plan.Forward.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, plan.BackwardData.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, plan.BackwardWeight.Algorithm);
        CheckConv2dAgainstReference(g, $"{g} on {path}");
        CheckConv2dAgainstReference(g with { PadH = 2, PadW = 2, Batch = 1, InHeight = 19 }, $"{g} pad 2 on {path}");
    }

    [Fact]
    public void The_plan_takes_f3x4_for_the_patchgan_stride1_layer_where_measured_faster_and_never_for_stride_2()
    {
        // The basic PatchGAN's 256→512, 32² → 31² (pix2pix at 256²): all three passes.
        Conv2dPlan pix2pix = Conv2dPlan.For(new Conv2dGeometry(1, 256, 32, 32, 512, 4, 4, 1, 1, 1, 1));
        Assert.Equal(ConvAlgorithm.Winograd, pix2pix.Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, pix2pix.BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, pix2pix.BackwardWeight.Algorithm);
        // CycleGAN's (crop 128), 16² → 15²: the forward only (the gradients measured slower there).
        Conv2dPlan cycle = Conv2dPlan.For(new Conv2dGeometry(1, 256, 16, 16, 512, 4, 4, 1, 1, 1, 1));
        Assert.Equal(ConvAlgorithm.Winograd, cycle.Forward.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, cycle.BackwardData.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, cycle.BackwardWeight.Algorithm);
        // The thresholds, one step below each.
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 256, 15, 16, 512, 4, 4, 1, 1, 1, 1)).Forward.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 31, 32, 32, 64, 4, 4, 1, 1, 1, 1)).Forward.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 256, 23, 32, 512, 4, 4, 1, 1, 1, 1)).BackwardData.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 255, 32, 32, 512, 4, 4, 1, 1, 1, 1)).BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 256, 24, 24, 256, 4, 4, 1, 1, 1, 1)).BackwardData.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 255, 32, 32, 512, 4, 4, 1, 1, 1, 1)).BackwardWeight.Algorithm);
        Assert.NotEqual(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 256, 32, 23, 512, 4, 4, 1, 1, 1, 1)).BackwardWeight.Algorithm);
        Assert.Equal(ConvAlgorithm.Winograd, Conv2dPlan.For(new Conv2dGeometry(1, 256, 24, 24, 256, 4, 4, 1, 1, 1, 1)).BackwardWeight.Algorithm);
        // The U-Net's and the PatchGAN's stride-2 4×4 layers keep their paths.
        foreach (var g in new Conv2dGeometry[] { new(1, 256, 64, 64, 512, 4, 4, 2, 2, 1, 1), new(1, 64, 256, 256, 128, 4, 4, 2, 2, 1, 1) })
        {
            Conv2dPlan stride2 = Conv2dPlan.For(g);
            Assert.NotEqual(ConvAlgorithm.Winograd, stride2.Forward.Algorithm);
            Assert.NotEqual(ConvAlgorithm.Winograd, stride2.BackwardData.Algorithm);
            Assert.NotEqual(ConvAlgorithm.Winograd, stride2.BackwardWeight.Algorithm);
        }
    }

    [Fact]
    public void F3x4_results_are_bit_identical_for_any_thread_count_and_several_tile_chunks()
    {
        // 256 channels, 3 images of 40×34 outputs: 3·14·12 = 504 tiles in chunks of 256, so the chunk loop runs twice.
        var g = new Conv2dGeometry(3, 256, 41, 35, 8, 4, 4, 1, 1, 1, 1);
        Assert.Equal(256, WinogradConv.TilesPerChunkOf(4, 256, 3 * 14 * 12));
        // And one chunk with batch 2 (the weight gradient's fused products and back-transform).
        var single = new Conv2dGeometry(2, 48, 17, 16, 70, 4, 4, 1, 1, 2, 2);
        foreach (var shape in new[] { g, single })
        {
            float[] x = Random(shape.InputLength, 1), w = Random(shape.WeightLength, 2), dy = Random(shape.OutputLength, 3);
            (float[] Y, float[] Dx, float[] Dw) Run(int degree)
            {
                using var scope = Parallelism.WithDegree(degree);
                float[] y = Random(shape.OutputLength, 4), dx = Random(shape.InputLength, 5), dw = Random(shape.WeightLength, 6);
                WinogradConv.ForwardAccumulate(x, w, y, shape);
                WinogradConv.BackwardDataAccumulate(dy, w, dx, shape);
                WinogradConv.BackwardWeightAccumulate(dy, x, dw, shape);
                return (y, dx, dw);
            }
            var one = Run(1);
            foreach (int degree in new[] { 2, 3, 7 })
            {
                var other = Run(degree);
                Assert.Equal(one.Y, other.Y);
                Assert.Equal(one.Dx, other.Dx);
                Assert.Equal(one.Dw, other.Dw);
            }
            // Against the reference (accumulated onto the random starts).
            float[] y0 = Random(shape.OutputLength, 4);
            AddReferenceForward(x, w, y0, shape);
            AssertClose(y0, one.Y, what: $"F(3x3, 4x4) forward {shape}");
            var (exact, _) = ExactWeight(dy, x, shape);
            float[] dw0 = Random(shape.WeightLength, 6);
            for (int i = 0; i < dw0.Length; i++)
                dw0[i] = (float)(dw0[i] + exact[i]);
            AssertClose(dw0, one.Dw, what: $"F(3x3, 4x4) weight gradient {shape}");
        }
    }

    /// <summary>Max relative errors (|result − exact| / the largest Σ|w||x| of the element's output tile) of Winograd and of im2col, forward and data gradient.</summary>
    private static (double Forward, double Data, double ForwardIm2col, double DataIm2col) Errors(in Conv2dGeometry g, int seed)
    {
        float[] x = Random(g.InputLength, seed), w = Random(g.WeightLength, seed + 1), dy = Random(g.OutputLength, seed + 2);
        var (y, yElement) = ExactForward(x, w, g);
        var (dx, dxElement) = ExactData(dy, w, g);
        int tile = 7 - g.KernelH;
        double[] yBound = TileMax(yElement, g.Batch * g.OutChannels, g.OutHeight, g.OutWidth, tile);
        double[] dxBound = TileMax(dxElement, g.Batch * g.InChannels, g.InHeight, g.InWidth, tile);

        float[] yw = new float[g.OutputLength], yi = new float[g.OutputLength];
        WinogradConv.ForwardAccumulate(x, w, yw, g);
        Im2ColGemmConv.ForwardAccumulate(Conv2dPlan.Im2ColForward(g), x, w, yi, g);
        float[] dxw = new float[g.InputLength], dxi = new float[g.InputLength];
        WinogradConv.BackwardDataAccumulate(dy, w, dxw, g);
        Im2ColGemmConv.BackwardDataAccumulate(Conv2dPlan.Im2ColBackwardData(g), dy, w, dxi, g);
        return (Worst(yw, y, yBound), Worst(dxw, dx, dxBound), Worst(yi, y, yBound), Worst(dxi, dx, dxBound));
    }

    /// <summary>
    /// The bound of each element: the largest Σ|w||x| in its output tile (4×4 for 3×3 filters, 3×3 for 4×4 ones). A
    /// Winograd tile is computed from its whole 6×6 input patch, so an element to which few products contribute (the
    /// corner of a data gradient, where the output gradient is padded by two) still carries rounding errors of the size
    /// of its neighbours' sums.
    /// </summary>
    private static double[] TileMax(double[] bound, int planes, int height, int width, int tile)
    {
        var result = new double[bound.Length];
        for (int p = 0; p < planes; p++)
            for (int ty = 0; ty < height; ty += tile)
                for (int tx = 0; tx < width; tx += tile)
                {
                    double max = 0;
                    for (int y = ty; y < Math.Min(height, ty + tile); y++)
                        for (int x = tx; x < Math.Min(width, tx + tile); x++)
                            max = Math.Max(max, bound[(p * height + y) * width + x]);
                    for (int y = ty; y < Math.Min(height, ty + tile); y++)
                        for (int x = tx; x < Math.Min(width, tx + tile); x++)
                            result[(p * height + y) * width + x] = max;
                }
        return result;
    }

    private static double Worst(float[] actual, double[] exact, double[] bound)
    {
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"element {i} is NaN");
            if (bound[i] > 0)
                worst = Math.Max(worst, Math.Abs(actual[i] - exact[i]) / bound[i]);
            else
                Assert.Equal(0f, actual[i]);
        }
        return worst;
    }

    /// <summary>
    /// Every product of a k×k stride-1 correlation once, in a fixed order (image, output channel, output pixel, input
    /// channel, ky, kx): the indices of its output, input and weight element. The three exact passes below share it.
    /// </summary>
    private static void ForEachTap(in Conv2dGeometry g, Action<int, int, int> tap)
    {
        int oh = g.OutHeight, ow = g.OutWidth, k = g.KernelH;
        for (int n = 0; n < g.Batch; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int o = ((n * g.OutChannels + co) * oh + oy) * ow + ox;
                        for (int ci = 0; ci < g.InChannels; ci++)
                            for (int ky = 0; ky < k; ky++)
                            {
                                int iy = oy - g.PadH + ky;
                                if ((uint)iy >= (uint)g.InHeight)
                                    continue;
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int ix = ox - g.PadW + kx;
                                    if ((uint)ix >= (uint)g.InWidth)
                                        continue;
                                    tap(o, ((n * g.InChannels + ci) * g.InHeight + iy) * g.InWidth + ix, ((co * g.InChannels + ci) * k + ky) * k + kx);
                                }
                            }
                    }
    }

    private static (double[] Value, double[] Bound) ExactForward(float[] x, float[] w, in Conv2dGeometry g)
    {
        var value = new double[g.OutputLength];
        var bound = new double[g.OutputLength];
        ForEachTap(g, (o, i, k) =>
        {
            double product = (double)w[k] * x[i];
            value[o] += product;
            bound[o] += Math.Abs(product);
        });
        return (value, bound);
    }

    private static (double[] Value, double[] Bound) ExactData(float[] dy, float[] w, in Conv2dGeometry g)
    {
        var value = new double[g.InputLength];
        var bound = new double[g.InputLength];
        ForEachTap(g, (o, i, k) =>
        {
            double product = (double)dy[o] * w[k];
            value[i] += product;
            bound[i] += Math.Abs(product);
        });
        return (value, bound);
    }

    private static void AddReferenceForward(float[] x, float[] w, float[] y, in Conv2dGeometry g)
    {
        var (value, _) = ExactForward(x, w, g);
        for (int i = 0; i < y.Length; i++)
            y[i] = (float)(y[i] + value[i]);
    }
    /// <summary>The bound of each weight-gradient element: the largest Σ|dy||x| of its filter of <paramref name="taps"/> taps (a Winograd tile mixes them all).</summary>
    private static double[] FilterMax(double[] bound, int taps)
    {
        var result = new double[bound.Length];
        for (int f = 0; f < bound.Length; f += taps)
        {
            double max = 0;
            for (int k = 0; k < taps; k++)
                max = Math.Max(max, bound[f + k]);
            for (int k = 0; k < taps; k++)
                result[f + k] = max;
        }
        return result;
    }

    private static (double[] Value, double[] Bound) ExactWeight(float[] dy, float[] x, in Conv2dGeometry g)
    {
        var value = new double[g.WeightLength];
        var bound = new double[g.WeightLength];
        ForEachTap(g, (o, i, k) =>
        {
            double product = (double)dy[o] * x[i];
            value[k] += product;
            bound[k] += Math.Abs(product);
        });
        return (value, bound);
    }
}

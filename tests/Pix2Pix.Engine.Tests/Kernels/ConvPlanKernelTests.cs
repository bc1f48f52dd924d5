using Pix2Pix.Engine.Kernels;
using static Pix2Pix.Engine.Tests.Kernels.ConvKernelTestSupport;

namespace Pix2Pix.Engine.Tests.Kernels;

/// <summary>Conv2dPlan: which algorithm each pass of the networks' typical layers takes, and the cache.</summary>
public class ConvPlanKernelTests
{
    public static TheoryData<string> Paths() => GemmKernelTests.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void PatchGans_last_layer_runs_direct_in_every_pass(string path)
    {
        using var forced = ForcedPath(path);
        Conv2dPlan plan = Conv2dPlan.For(new Conv2dGeometry(1, 512, 31, 31, 1, 4, 4, 1, 1, 1, 1));
        Assert.Equal(ConvAlgorithm.Direct, plan.Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.Direct, plan.BackwardData.Algorithm);
        Assert.Equal(ConvAlgorithm.Direct, plan.BackwardWeight.Algorithm);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_unets_innermost_layer_streams_the_weight_forward_and_back_but_takes_the_gemm_for_its_weight_gradient(string path)
    {
        using var forced = ForcedPath(path);
        Conv2dPlan plan = Conv2dPlan.For(new Conv2dGeometry(4, 512, 2, 2, 512, 4, 4, 2, 2, 1, 1));
        Assert.Equal(ConvAlgorithm.SmallSpatial, plan.Forward.Algorithm);
        Assert.Equal(ConvAlgorithm.SmallSpatial, plan.BackwardData.Algorithm);
        Assert.Equal(new ConvPassPlan(ConvAlgorithm.Im2ColGemm, ConvColumns.BatchPanels, WorkspaceFloats: 512 * 4 * 1),
            plan.BackwardWeight);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_large_layer_unfolds_its_columns_into_the_gemm_panels_and_packs_the_weight_once_per_batch(string path)
    {
        using var forced = ForcedPath(path);
        var g = new Conv2dGeometry(2, 64, 128, 128, 128, 4, 4, 2, 2, 1, 1);
        Conv2dPlan plan = Conv2dPlan.For(g);
        Assert.Equal(new ConvPassPlan(ConvAlgorithm.Im2ColGemm, ConvColumns.Panels, PackWeightOnce: true), plan.Forward);
        Assert.Equal(ConvColumns.Buffer, plan.BackwardData.Columns);
        Assert.InRange(plan.BackwardData.ChunkRows, 1, g.OutHeight);
        Assert.Equal(64 * 16 * plan.BackwardData.ChunkRows * g.OutWidth, plan.BackwardData.WorkspaceFloats);
        Assert.Equal(ConvColumns.Panels, plan.BackwardWeight.Columns);
    }

    [Fact]
    public void A_pointwise_layer_multiplies_the_input_itself()
    {
        Conv2dPlan plan = Conv2dPlan.For(new Conv2dGeometry(1, 16, 9, 9, 32, 1, 1, 1, 1, 0, 0));
        foreach (ConvPassPlan pass in new[] { plan.Forward, plan.BackwardData, plan.BackwardWeight })
            Assert.Equal(new ConvPassPlan(ConvAlgorithm.Im2ColGemm, ConvColumns.Input), pass);
    }

    [Fact]
    public void Plans_are_cached_per_geometry_path_and_thread_count_and_few_channels_stay_off_winograd()
    {
        var g = new Conv2dGeometry(1, 8, 20, 20, 8, 3, 3, 1, 1, 1, 1);
        Conv2dPlan first = Conv2dPlan.For(g);
        Assert.Same(first, Conv2dPlan.For(g));
        using (Parallelism.WithDegree(first.Threads == 1 ? 2 : 1))
            Assert.NotSame(first, Conv2dPlan.For(g));
        Assert.DoesNotContain(ConvAlgorithm.Winograd, new[] { first.Forward.Algorithm, first.BackwardData.Algorithm, first.BackwardWeight.Algorithm });
    }
}

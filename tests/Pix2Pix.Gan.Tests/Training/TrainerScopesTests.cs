using Pix2Pix.Engine;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The trainer owns the step's scopes: the thread count for the run, the model's arena for each step.</summary>
[Collection("Training runs")]
public class TrainerScopesTests
{
    [Fact]
    public void A_run_uses_its_thread_count_and_restores_the_degree_it_found()
    {
        using var run = new TinyRun(train: 2, test: 1);
        var opt = run.Options("degree", epochs: 1);
        opt.NumThreads = 1;
        opt.NoHtml = true;
        using var outer = Parallelism.WithDegree(2);
        var seen = new List<int>();
        using (var t = new Trainer(opt, TextWriter.Null))
        {
            t.StepCompleted = (_, _, _) => seen.Add(Parallelism.Degree);
            t.Train();
        }
        Assert.Equal([1, 1], seen);
        Assert.Equal(2, Parallelism.Degree);
    }

    [Fact]
    public void Each_step_runs_in_the_models_arena_and_its_visuals_stay_readable_after_the_run()
    {
        using var run = new TinyRun(train: 3, test: 1);
        var opt = run.Options("arena", epochs: 1);
        opt.NoHtml = true;
        using var t = new Trainer(opt, TextWriter.Null);
        long? afterFirst = null;
        t.StepCompleted = (_, index, _) => afterFirst ??= t.Model.StepArena.HeapAllocations;
        t.Train();
        Assert.True(afterFirst > 20, $"the first step should draw its buffers from the model's arena; it allocated {afterFirst}");
        Assert.Equal(afterFirst, t.Model.StepArena.HeapAllocations);
        Assert.False(t.Model.StepArena.IsEntered);
        Assert.All(t.Model.CurrentVisuals(), v => Assert.DoesNotContain(v.Image.Data, float.IsNaN));
    }
}

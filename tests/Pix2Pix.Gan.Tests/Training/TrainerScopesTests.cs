using Pix2Pix.Engine;
using Pix2Pix.Gan.Training;

namespace Pix2Pix.Gan.Tests.Training;

/// <summary>The trainer owns the scopes of its run: the thread count.</summary>
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
}

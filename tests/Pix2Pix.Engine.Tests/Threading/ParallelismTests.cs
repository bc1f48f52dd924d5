using System.Collections.Concurrent;
using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Threading;

/// <summary>Parallelism.For on the engine's fork-join workers (and its fallbacks): every item once, errors surfaced.</summary>
public class ParallelismTests
{
    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 0, 2)]
    [InlineData(2, 5, 1000)]
    [InlineData(3, -7, 333)]
    [InlineData(4, 0, 3)]
    public void Every_item_runs_exactly_once(int degree, int from, int to)
    {
        using var scope = Parallelism.WithDegree(degree);
        for (int round = 0; round < 50; round++)
        {
            var counts = new int[to - from];
            Parallelism.For(from, to, i => Interlocked.Increment(ref counts[i - from]));
            Assert.All(counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void No_more_threads_than_the_degree_take_items()
    {
        using var scope = Parallelism.WithDegree(2);
        var threads = new ConcurrentDictionary<int, bool>();
        Parallelism.For(0, 2000, _ =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.SpinWait(200);
        });
        Assert.InRange(threads.Count, 1, 2);
    }

    [Fact]
    public void A_body_exception_reaches_the_caller_unwrapped_and_the_next_loop_still_works()
    {
        using var scope = Parallelism.WithDegree(2);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            Parallelism.For(0, 1000, i =>
            {
                if (i == 500)
                    throw new InvalidOperationException("item 500 failed");
            }));
        Assert.Equal("item 500 failed", ex.Message);
        int sum = 0;
        Parallelism.For(0, 100, i => Interlocked.Add(ref sum, i));
        Assert.Equal(4950, sum);
    }

    [Fact]
    public void A_loop_inside_a_loop_body_runs_completely()
    {
        using var scope = Parallelism.WithDegree(2);
        var counts = new int[16 * 16];
        Parallelism.For(0, 16, i => Parallelism.For(0, 16, j => Interlocked.Increment(ref counts[i * 16 + j])));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Loops_started_from_several_threads_at_once_all_complete()
    {
        var totals = new long[6];
        var threads = Enumerable.Range(0, totals.Length).Select(t => new Thread(() =>
        {
            using var scope = Parallelism.WithDegree(2);
            for (int round = 0; round < 200; round++)
                Parallelism.For(0, 64, i => Interlocked.Add(ref totals[t], i + 1));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(totals, total => Assert.Equal(200L * 64 * 65 / 2, total));
    }

    [Theory]
    [InlineData(1, 1L << 30)]
    [InlineData(2, 100)]
    public void Work_not_worth_splitting_runs_in_order_on_the_calling_thread(int degree, long work)
    {
        using var scope = Parallelism.WithDegree(degree);
        var order = new List<int>();
        int caller = Environment.CurrentManagedThreadId;
        Parallelism.ForIfWorthwhile(50, work, i =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            order.Add(i);
        });
        Assert.Equal(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public void Work_worth_splitting_runs_every_item_once()
    {
        using var scope = Parallelism.WithDegree(2);
        Assert.True(Parallelism.IsWorthSplitting(Parallelism.MinParallelWork));
        Assert.False(Parallelism.IsWorthSplitting(Parallelism.MinParallelWork - 1));
        var counts = new int[1000];
        Parallelism.ForIfWorthwhile(counts.Length, 1L << 30, i => Interlocked.Increment(ref counts[i]));
        Assert.All(counts, c => Assert.Equal(1, c));
    }
}

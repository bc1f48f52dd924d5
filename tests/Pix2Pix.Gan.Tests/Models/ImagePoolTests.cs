using Pix2Pix.Engine;
using Pix2Pix.Gan.Models;

namespace Pix2Pix.Gan.Tests.Models;

public class ImagePoolTests
{
    /// <summary>A batch of <paramref name="n"/> 1×2×2 images whose values are all <c>first + i</c>.</summary>
    private static Tensor Batch(int n, float first)
    {
        var data = new float[n * 4];
        for (int i = 0; i < n; i++)
            data.AsSpan(i * 4, 4).Fill(first + i);
        return new Tensor(data, n, 1, 2, 2);
    }

    private static float[] Firsts(Tensor t) => Enumerable.Range(0, t.Dim(0)).Select(i => t.Data[i * 4]).ToArray();

    [Fact]
    public void Size_zero_passes_the_batch_through_and_draws_nothing()
    {
        var rng = new Rng(5);
        var before = rng.State;
        var pool = new ImagePool(0, rng);
        var batch = Batch(3, 1);
        Assert.Same(batch, pool.Query(batch));
        Assert.Equal(0, pool.Count);
        Assert.Equal(before, rng.State);
    }

    [Fact]
    public void Fills_first_then_returns_stored_images_about_half_of_the_time()
    {
        var pool = new ImagePool(4, new Rng(11));
        var first = pool.Query(Batch(4, 0));
        Assert.Equal([0f, 1f, 2f, 3f], Firsts(first));
        Assert.Equal(4, pool.Count);

        int fromPool = 0, total = 0;
        var seen = new HashSet<float> { 0, 1, 2, 3 };
        for (int step = 0; step < 500; step++)
        {
            float value = 100 + step;
            float got = Firsts(pool.Query(Batch(1, value)))[0];
            total++;
            if (got != value)
            {
                Assert.Contains(got, seen);   // a stored image, each handed out once
                seen.Remove(got);
                fromPool++;
            }
            seen.Add(value);
            Assert.Equal(4, pool.Count);
        }
        Assert.InRange(fromPool, total * 0.4, total * 0.6);
        var stored = Firsts(pool.Export()!);
        Assert.Equal(4, stored.Distinct().Count());
        Assert.All(stored, v => Assert.Contains(v, seen));
    }

    [Fact]
    public void The_same_seed_gives_the_same_answers_and_export_load_continues_exactly()
    {
        static float[] Run(ImagePool pool, int from, int to)
        {
            var answers = new List<float>();
            for (int step = from; step < to; step++)
                answers.AddRange(Firsts(pool.Query(Batch(2, step * 10))));
            return answers.ToArray();
        }

        var one = Run(new ImagePool(3, new Rng(42)), 0, 60);
        var rngA = new Rng(42);
        var a = new ImagePool(3, rngA);
        var firstHalf = Run(a, 0, 30);
        Assert.Equal(one, Run(new ImagePool(3, new Rng(42)), 0, 60));
        Assert.NotEqual(one, Run(new ImagePool(3, new Rng(43)), 0, 60));

        var rngB = new Rng(0) { State = rngA.State };
        var b = new ImagePool(3, rngB);
        b.Load(a.Export(), "test");
        Assert.Equal(one, firstHalf.Concat(Run(b, 30, 60)).ToArray());
    }

    [Fact]
    public void Returned_images_carry_no_gradient_history()
    {
        var pool = new ImagePool(2, new Rng(1));
        var batch = Batch(2, 0);
        batch.RequiresGrad = true;
        var result = pool.Query(batch);
        Assert.False(result.RequiresGrad);
        Assert.NotSame(batch.Data, result.Data);
    }

    [Fact]
    public void A_query_inside_a_step_arena_takes_its_result_from_the_arena_not_the_heap()
    {
        var pool = new ImagePool(1, new Rng(5));
        var arena = new TensorArena();
        var image = Tensor.Uniform(new Rng(1), -1f, 1f, 1, 3, 128, 128); // 196 KB
        using (arena.Enter())
            pool.Query(image); // fills the pool (its stored copy is kept for good)
        long[] allocated = new long[3];
        for (int step = 0; step < 3; step++)
        {
            using (arena.Enter())
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var result = pool.Query(image);
                allocated[step] = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(image.Data.AsSpan(0, image.Count).ToArray(), result.Data.AsSpan(0, result.Count).ToArray()); // the pool's image and this one are the same
            }
        }
        // The second and third steps reuse the arena's buffer: a Tensor object and its shape, not 196 KB of pixels.
        Assert.True(allocated[1] < 4096 && allocated[2] < 4096, $"bytes allocated per query: {string.Join(", ", allocated)}");
    }
}

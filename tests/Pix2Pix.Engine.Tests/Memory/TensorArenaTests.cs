using Pix2Pix.Engine;
using Pix2Pix.Engine.Init;
using Pix2Pix.Engine.Modules;
using Pix2Pix.Engine.Optim;
using Pix2Pix.Engine.Tests.Support;

namespace Pix2Pix.Engine.Tests.Memory;

public class TensorArenaTests
{
    /// <summary>A small U-Net-like model: down conv, norms, dropout, a skip concatenation, up convT, every activation.</summary>
    private sealed class Model
    {
        private readonly Conv2d _down;
        private readonly BatchNorm2d _bn;
        private readonly Dropout _dropout;
        private readonly ConvTranspose2d _up;
        private readonly InstanceNorm2d _inorm;
        private readonly Conv2d _out;
        private readonly Adam _adam;

        public Model(ulong seed)
        {
            var rng = new Rng(seed);
            _down = new Conv2d(3, 16, 4, 2, 1, bias: false, rng: rng);
            _bn = new BatchNorm2d(16);
            _dropout = new Dropout(0.5f, new Rng(seed + 1));
            _up = new ConvTranspose2d(16, 8, 4, 2, 1, rng: rng);
            _inorm = new InstanceNorm2d(8, affine: true);
            _out = new Conv2d(11, 3, 3, 1, 1, rng: rng);
            var all = new Module[] { _down, _bn, _up, _inorm, _out };
            foreach (var m in all)
                WeightInit.Apply(m, InitType.Normal, 0.02f, rng);
            _adam = new Adam(all.SelectMany(m => m.Parameters()), 2e-4f, 0.5f);
        }

        public IEnumerable<Tensor> Parameters() => _adam.Parameters;

        /// <summary>One optimization step; returns the output and the loss.</summary>
        public (Tensor Output, float Loss) Step(Tensor x, Tensor target)
        {
            var h = Functional.LeakyRelu(_bn.Forward(_down.Forward(x)), 0.2f);
            h = _dropout.Forward(h);
            var u = Functional.Relu(_inorm.Forward(_up.Forward(h)));
            var y = Functional.Tanh(_out.Forward(Functional.Concat([x, u], 1)));
            var loss = Functional.Add(Functional.L1Loss(y, target), Functional.BceWithLogits(Functional.Sigmoid(y), 1f));
            _adam.ZeroGrad();
            loss.Backward();
            _adam.Step();
            return (y, loss.Item());
        }
    }

    private static (Tensor X, Tensor Target) Inputs(int step)
    {
        var rng = new Rng(100 + (ulong)step);
        return (Tensor.Uniform(rng, -1f, 1f, 2, 3, 32, 32), Tensor.Uniform(rng, -1f, 1f, 2, 3, 32, 32));
    }

    [Fact]
    public void Steps_in_an_arena_are_bit_identical_to_steps_on_the_heap_even_with_poisoned_recycled_buffers()
    {
        var heap = new Model(7);
        var pooled = new Model(7);
        var arena = new TensorArena { PoisonRecycled = true };
        for (int step = 0; step < 4; step++)
        {
            var (x, target) = Inputs(step);
            var (yHeap, lossHeap) = heap.Step(x, target);
            float[] yPooled;
            float lossPooled;
            using (arena.Enter())
            {
                var (y, loss) = pooled.Step(x, target);
                yPooled = (float[])y.Data.Clone();
                lossPooled = loss;
            }
            Assert.Equal(lossHeap, lossPooled);
            TensorAssert.Identical(yHeap.Data, yPooled, $"output of step {step}");
            TensorAssert.Identical(heap.Parameters().SelectMany(p => p.Data).ToArray(),
                pooled.Parameters().SelectMany(p => p.Data).ToArray(), $"parameters after step {step}");
        }
        Assert.True(arena.RetainedBytes > 0, "the ops should have drawn their buffers from the arena");
    }

    [Fact]
    public void A_steady_loop_stops_allocating_after_its_first_step()
    {
        var model = new Model(3);
        var arena = new TensorArena();
        var (x, target) = Inputs(0);
        var heapAllocations = new List<long>();
        var bytes = new List<long>();
        for (int step = 0; step < 6; step++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            using (arena.Enter())
                model.Step(x, target);
            bytes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            heapAllocations.Add(arena.HeapAllocations);
        }
        Assert.True(heapAllocations[0] > 10, $"the first step should fill the arena; it allocated {heapAllocations[0]} buffers");
        Assert.All(heapAllocations.Skip(1), n => Assert.Equal(heapAllocations[0], n));
        // What is left per step is bookkeeping (tensor objects, graph nodes, shapes): far below the step's buffers.
        long retained = arena.RetainedBytes;
        Assert.All(bytes.Skip(2), b => Assert.True(b < retained / 4,
            $"a recycled step allocated {b} bytes on the heap against {retained} bytes of buffers in the arena: {string.Join(", ", bytes)}"));
    }

    [Fact]
    public void The_next_scope_reuses_the_buffers_of_the_previous_one_and_ops_outside_a_scope_do_not()
    {
        var arena = new TensorArena();
        var x = Tensor.Uniform(new Rng(1), -1f, 1f, 4, 1024);
        float[] first;
        using (arena.Enter())
            first = Functional.Tanh(x).Data;
        float[] second;
        using (arena.Enter())
            second = Functional.Tanh(x).Data;
        Assert.Same(first, second);
        Assert.NotSame(Functional.Tanh(x).Data, Functional.Tanh(x).Data);
        Assert.Null(TensorArena.Current);
    }

    [Fact]
    public void A_result_stays_valid_until_the_arena_is_entered_again()
    {
        var arena = new TensorArena();
        var x = Tensor.Uniform(new Rng(2), -1f, 1f, 2048);
        Tensor y;
        using (arena.Enter())
            y = Functional.Tanh(x);
        var expected = Functional.Tanh(x).Data;
        // Heap ops between scopes do not disturb it.
        _ = Functional.Relu(x);
        TensorAssert.Identical(expected, y.Data, "result after its scope ended");
        var kept = y.Clone();
        using (arena.Enter())
            _ = Functional.Relu(Functional.Neg(x));
        TensorAssert.Identical(expected, kept.Data, "a clone taken before the next scope");
    }

    [Fact]
    public void Scopes_of_one_arena_do_not_nest_and_a_scope_restores_the_arena_it_replaced()
    {
        var outer = new TensorArena();
        var inner = new TensorArena();
        using (outer.Enter())
        {
            Assert.Same(outer, TensorArena.Current);
            var ex = Assert.Throws<InvalidOperationException>(() => outer.Enter());
            Assert.Contains("already entered", ex.Message);
            using (inner.Enter())
                Assert.Same(inner, TensorArena.Current);
            Assert.Same(outer, TensorArena.Current);
        }
        Assert.Null(TensorArena.Current);
    }

    [Fact]
    public void A_transient_region_gives_its_buffers_back_for_the_rest_of_the_scope_and_keeps_earlier_ones()
    {
        var arena = new TensorArena();
        var x = Tensor.Uniform(new Rng(3), -1f, 1f, 4096);
        using (arena.Enter())
        {
            var before = Functional.Tanh(x);
            var expected = (float[])before.Data.Clone();
            float[] inside;
            using (arena.Transient())
                inside = Functional.Relu(x).Data;
            var after = Functional.Sigmoid(x);
            Assert.Same(inside, after.Data);
            Assert.NotSame(before.Data, after.Data);
            Assert.Equal(expected, before.Data);
        }
        Assert.Throws<InvalidOperationException>(() => arena.Transient());
    }

    [Fact]
    public void Other_threads_do_not_draw_from_an_arena_entered_on_this_one()
    {
        var arena = new TensorArena();
        using (arena.Enter())
        {
            TensorArena? seen = arena;
            var thread = new Thread(() => seen = TensorArena.Current);
            thread.Start();
            thread.Join();
            Assert.Null(seen);
        }
    }
}

using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Memory;

/// <summary>
/// With TensorArena.DetectStaleTensors on (the whole suite runs so), a tensor whose arena recycled its buffer refuses
/// to be read instead of showing another tensor's values.
/// </summary>
public class StaleTensorTests
{
    private static Tensor Input(ulong seed) => Tensor.Uniform(new Rng(seed), -1f, 1f, 4096);

    [Fact]
    public void Reading_a_tensor_after_its_arena_is_entered_again_throws_a_stale_tensor_exception()
    {
        Assert.True(TensorArena.DetectStaleTensors, "the test suites switch detection on in tests/Shared/StaleTensorDetection.cs");
        var arena = new TensorArena();
        var x = Input(1);
        Tensor y;
        using (arena.Enter())
            y = Functional.Tanh(x);
        _ = y.Data;   // still valid: the arena has not been entered again
        using (arena.Enter())
            _ = Functional.Relu(x);
        var ex = Assert.Throws<StaleTensorException>(() => y.Data);
        Assert.Contains("step 1", ex.Message);
        Assert.Contains("entered step 2", ex.Message);
        Assert.Contains("Clone()", ex.Message);
        Assert.Throws<StaleTensorException>(() => y.Clone());
        Assert.Throws<StaleTensorException>(() => y.Detach());
        Assert.Equal(4096, y.Count);   // the shape is not the buffer: still readable
    }

    [Fact]
    public void A_clone_taken_before_the_next_scope_survives_it()
    {
        var arena = new TensorArena();
        var x = Input(2);
        Tensor kept;
        float[] expected;
        using (arena.Enter())
        {
            var y = Functional.Sigmoid(x);
            expected = (float[])y.Data.Clone();
            kept = y.Clone();
        }
        using (arena.Enter())
            _ = Functional.Neg(x);
        Assert.Equal(expected, kept.Data);
    }

    [Fact]
    public void Views_of_a_recycled_tensor_are_stale_too()
    {
        var arena = new TensorArena();
        var x = Input(3);
        Tensor detached, reshaped;
        using (arena.Enter())
        {
            var y = Functional.Tanh(x);
            detached = y.Detach();
            reshaped = Functional.Reshape(y, 64, 64);
        }
        using (arena.Enter())
            _ = Functional.Relu(x);
        Assert.Throws<StaleTensorException>(() => detached.Data);
        Assert.Throws<StaleTensorException>(() => reshaped.Data);
    }

    [Fact]
    public void A_tensor_made_in_a_transient_region_is_stale_once_the_region_ends_and_earlier_ones_are_not()
    {
        var arena = new TensorArena();
        var x = Input(4);
        using (arena.Enter())
        {
            var before = Functional.Tanh(x);
            Tensor inside;
            using (arena.Transient())
                inside = Functional.Relu(x);
            var ex = Assert.Throws<StaleTensorException>(() => inside.Data);
            Assert.Contains("Transient() region of step 1 ended", ex.Message);
            Assert.All(before.Data, v => Assert.False(float.IsNaN(v)));
            _ = Functional.Sigmoid(x).Data;
        }
    }

    [Fact]
    public void Recycled_buffers_are_poisoned_with_nan()
    {
        var arena = new TensorArena();
        var x = Input(5);
        float[] buffer;
        using (arena.Enter())
            buffer = Functional.Tanh(x).Data;
        using (arena.Enter())
        {
            Assert.All(buffer, v => Assert.True(float.IsNaN(v)));
        }
    }

    [Fact]
    public void Tensors_made_outside_any_arena_and_small_ones_never_go_stale()
    {
        var arena = new TensorArena();
        var x = Input(6);
        var heap = Functional.Tanh(x);
        Tensor small;
        using (arena.Enter())
            small = Functional.Tanh(Tensor.Uniform(new Rng(7), -1f, 1f, 16));
        using (arena.Enter())
            _ = Functional.Tanh(x);
        Assert.Equal(4096, heap.Data.Length);
        Assert.Equal(16, small.Data.Length);
    }
}

using Pix2Pix.Engine;

// Not "Tests.Autograd": a namespace of that name would hide the Autograd class from every test.
namespace Pix2Pix.Engine.Tests.Tape;

public class AutogradTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls_until_zeroed()
    {
        var w = Tensor.FromArray([2f, -3f], 2);
        w.RequiresGrad = true;
        (w * w).Sum().Backward();
        Assert.Equal([4f, -6f], w.Grad!);
        (w * w).Sum().Backward();
        Assert.Equal([8f, -12f], w.Grad!);
        w.ZeroGrad();
        Assert.Equal([0f, 0f], w.Grad!);
    }

    [Fact]
    public void A_tensor_used_twice_receives_both_gradient_contributions()
    {
        var x = Tensor.FromArray([3f], 1);
        x.RequiresGrad = true;
        var y = x * x + x * 2f; // dy/dx = 2x + 2 = 8
        y.Sum().Backward();
        Assert.Equal(8f, x.Grad![0]);
    }

    [Fact]
    public void NoGrad_scope_records_nothing_and_restores_recording_afterwards()
    {
        var w = Tensor.Ones(2);
        w.RequiresGrad = true;
        Tensor y;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsEnabled);
            y = w * 3f;
        }
        Assert.True(Autograd.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True((w * 3f).RequiresGrad);
    }

    [Fact]
    public void Detach_stops_gradients_but_shares_values()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        var h = x * 2f;
        var d = h.Detach();
        Assert.False(d.RequiresGrad);
        Assert.Equal(h.Data, d.Data);
        d.RequiresGrad = true;
        (d * x).Sum().Backward();
        Assert.Equal([2f, 4f], x.Grad!); // only through the direct path: d(d·x)/dx = d
        Assert.Equal([1f, 2f], d.Grad!);
    }

    [Fact]
    public void Frozen_parameters_get_no_gradient_while_the_input_path_still_does()
    {
        // Like pix2pix's G step: D's weights frozen, gradient flows through D into G's output.
        var g = Tensor.FromArray([0.5f, -1f], 2);
        g.RequiresGrad = true;
        var d = Tensor.FromArray([2f, 3f], 2);
        d.RequiresGrad = false;
        (Functional.Tanh(g) * d).Sum().Backward();
        Assert.Null(d.Grad);
        Assert.NotNull(g.Grad);
        Assert.Equal(2f * (1f - MathF.Tanh(0.5f) * MathF.Tanh(0.5f)), g.Grad![0], 6);
    }

    [Fact]
    public void Backward_releases_the_graph_and_a_second_backward_throws_a_clear_error()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        var h = x * 2f;
        var loss = h.Sum();
        loss.Backward();
        Assert.Null(h.GradFn);
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("already released", ex.Message);
        var ex2 = Assert.Throws<InvalidOperationException>(() => (h * 3f).Sum().Backward());
        Assert.Contains("already released", ex2.Message);
    }

    [Fact]
    public void RetainGraph_allows_a_second_backward_through_the_same_graph()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        var loss = (x * x).Sum();
        loss.Backward(retainGraph: true);
        loss.Backward();
        Assert.Equal([4f, 8f], x.Grad!);
    }

    [Fact]
    public void Backward_from_a_non_scalar_or_a_constant_throws()
    {
        var x = Tensor.Ones(3);
        x.RequiresGrad = true;
        Assert.Contains("one-element", Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward()).Message);
        Assert.Contains("does not require", Assert.Throws<InvalidOperationException>(() => Tensor.Ones(1).Backward()).Message);
    }

    [Fact]
    public void Released_graphs_do_not_keep_intermediate_tensors_alive()
    {
        var x = Tensor.Ones(4);
        x.RequiresGrad = true;
        var weak = MakeAndBackward(x);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive, "an intermediate tensor survived its backward pass (graph leak)");
    }

    private static WeakReference MakeAndBackward(Tensor x)
    {
        var h = Functional.Tanh(x * 2f);
        var weak = new WeakReference(h.GradFn!.Inputs[0]);
        h.Sum().Backward();
        return weak;
    }
}

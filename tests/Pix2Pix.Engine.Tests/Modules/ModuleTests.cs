using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Tests.Modules;

public class ModuleTests
{
    private static Sequential SmallNet(ulong seed = 1)
    {
        var rng = new Rng(seed);
        return new Sequential(new Conv2d(3, 4, 3, 1, 1, rng: rng), new BatchNorm2d(4), new ReLU(), new ConvTranspose2d(4, 2, 4, 2, 1, bias: false, rng: rng), new Tanh());
    }

    [Fact]
    public void Sequential_names_children_by_index_and_lists_parameters_in_state_dict_order()
    {
        var net = SmallNet();
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(4 * 3 * 9 + 4 + 4 + 4 + 4 * 2 * 16, net.ParameterCount());
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void BatchNorm2d_state_dict_has_pytorch_entries_and_an_int64_scalar_counter()
    {
        var bn = new BatchNorm2d(3);
        var dict = bn.StateDict();
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], dict.Names);
        Assert.True(dict.TryGetInt64("num_batches_tracked", out var counter));
        Assert.Empty(counter.Shape);
        bn.Forward(Tensor.Uniform(new Rng(1), -1, 1, 2, 3, 2, 2));
        Assert.Equal(1L, counter.Data[0]);
        bn.Eval();
        bn.Forward(Tensor.Uniform(new Rng(1), -1, 1, 2, 3, 2, 2));
        Assert.Equal(1L, counter.Data[0]);
    }

    [Fact]
    public void Train_and_eval_switch_the_whole_tree_and_change_batch_norm_behaviour()
    {
        var net = SmallNet();
        var x = Tensor.Uniform(new Rng(2), -1, 1, 2, 3, 4, 4);
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.IsTraining));
        var evalOut = net.Forward(x);
        var evalAgain = net.Forward(x);
        Assert.Equal(evalOut.Data, evalAgain.Data); // running stats are not updated in eval
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.IsTraining));
        Assert.NotEqual(evalOut.Data, net.Forward(x).Data);
    }

    [Fact]
    public void Dropout_is_off_in_eval_unless_kept_active_as_pix2pix_does_at_test_time()
    {
        var drop = new Dropout(0.5f, new Rng(3));
        var x = Tensor.Ones(1000);
        drop.Eval();
        Assert.Same(x, drop.Forward(x));
        drop.ActiveInEval = true;
        Assert.Contains(0f, drop.Forward(x).Data);
        drop.ActiveInEval = false;
        drop.Train();
        Assert.Contains(0f, drop.Forward(x).Data);
    }

    [Fact]
    public void LoadStateDict_copies_values_into_the_live_tensors()
    {
        var source = SmallNet(1);
        var target = SmallNet(2);
        source.Forward(Tensor.Uniform(new Rng(4), -1, 1, 2, 3, 4, 4)); // moves running stats and the counter
        target.LoadStateDict(source.StateDict(), "source.safetensors");
        var s = source.StateDict();
        var t = target.StateDict();
        foreach (var name in s.Names)
        {
            if (s.TryGetFloat(name, out var a))
            {
                Assert.True(t.TryGetFloat(name, out var b));
                Assert.Equal(a.Data, b.Data);
                Assert.NotSame(a.Data, b.Data);
            }
            else
            {
                s.TryGetInt64(name, out var ai);
                t.TryGetInt64(name, out var bi);
                Assert.Equal(ai.Data, bi.Data);
            }
        }
    }

    [Fact]
    public void LoadStateDict_reports_missing_unexpected_and_shape_mismatches_naming_the_source()
    {
        var net = SmallNet();
        var bad = new StateDict();
        foreach (var name in net.StateDict().Names.Where(n => n != "0.bias"))
        {
            if (net.StateDict().TryGetFloat(name, out var f))
                bad.Add(name, name == "3.weight" ? Tensor.Zeros(4, 2, 3, 3) : f.Clone());
            else if (net.StateDict().TryGetInt64(name, out var i))
                bad.Add(name, i);
        }
        bad.Add("9.weight", Tensor.Zeros(1));
        var before = net.StateDict().Names.Select(n => net.StateDict().TryGetFloat(n, out var f) ? f.Data.ToArray() : []).ToList();

        var ex = Assert.Throws<StateDictMismatchException>(() => net.LoadStateDict(bad, "latest_net_G.safetensors"));
        Assert.Contains("latest_net_G.safetensors", ex.Message);
        Assert.Equal(["0.bias"], ex.Missing);
        Assert.Equal(["9.weight"], ex.Unexpected);
        Assert.Single(ex.ShapeMismatches);
        Assert.Contains("3.weight: [4, 2, 3, 3] in the source but [4, 2, 4, 4] in the network", ex.Message);
        // Nothing was copied.
        var after = net.StateDict().Names.Select(n => net.StateDict().TryGetFloat(n, out var f) ? f.Data.ToArray() : []).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public void LoadStateDict_not_strict_ignores_missing_and_unexpected_names_but_not_shapes()
    {
        var net = SmallNet();
        var partial = new StateDict();
        partial.Add("0.weight", Tensor.Ones(4, 3, 3, 3));
        partial.Add("extra", Tensor.Ones(1));
        net.LoadStateDict(partial, "partial", strict: false);
        Assert.All(((Conv2d)net[0]).Weight.Data, v => Assert.Equal(1f, v));
        var wrong = new StateDict();
        wrong.Add("0.weight", Tensor.Ones(4, 3, 1, 1));
        Assert.Throws<StateDictMismatchException>(() => net.LoadStateDict(wrong, "wrong", strict: false));
    }

    [Fact]
    public void SetRequiresGrad_freezes_a_network_so_backward_leaves_its_gradients_empty()
    {
        var d = SmallNet();
        d.SetRequiresGrad(false);
        var x = Tensor.Uniform(new Rng(5), -1, 1, 2, 3, 4, 4);
        x.RequiresGrad = true;
        d.Forward(x).Mean().Backward();
        Assert.All(d.Parameters(), p => Assert.Null(p.Grad));
        Assert.NotNull(x.Grad);
    }

    [Fact]
    public void Layer_constructors_and_forward_reject_bad_arguments_with_clear_messages()
    {
        Assert.Contains("inChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(0, 4, 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvTranspose2d(3, 4, 3, padding: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(2f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(3, 0));
        var ex = Assert.Throws<ArgumentException>(() => new BatchNorm2d(4).Forward(Tensor.Zeros(2, 3, 4, 4)));
        Assert.Contains("[N, 4, H, W]", ex.Message);
        Assert.Throws<ArgumentException>(() => new InstanceNorm2d(3).Forward(Tensor.Zeros(2, 4, 4, 4)));
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 3, 4, 4)));
    }

    [Fact]
    public void Default_init_follows_pytorch_bounds_and_is_seeded()
    {
        var a = new Conv2d(4, 8, 3, rng: new Rng(7));
        var b = new Conv2d(4, 8, 3, rng: new Rng(7));
        Assert.Equal(a.Weight.Data, b.Weight.Data);
        float bound = 1f / MathF.Sqrt(4 * 9);
        Assert.All(a.Weight.Data, v => Assert.InRange(v, -bound, bound));
        Assert.All(a.Bias!.Data, v => Assert.InRange(v, -bound, bound));
    }
}

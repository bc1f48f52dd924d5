using Pix2Pix.Engine.Checkpoints;

namespace Pix2Pix.Engine.Tests.Checkpoints;

public sealed class CheckpointLoadIntoTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadInto_copies_values_into_the_live_tensors_and_returns_the_metadata()
    {
        string path = Saved(Network(seed: 1), new Dictionary<string, string> { ["epoch"] = "7" });
        StateDict live = Network(seed: 2);
        Assert.True(live.TryGetFloat("conv.weight", out Tensor weight));
        float[] buffer = weight.Data;

        IReadOnlyDictionary<string, string> meta = Checkpoint.LoadInto(path, live);

        Assert.Equal("7", meta["epoch"]);
        Assert.Same(buffer, weight.Data);
        AssertSameValues(Network(seed: 1), live);
    }

    [Fact]
    public void Missing_and_unexpected_tensors_are_all_listed_and_nothing_is_copied()
    {
        StateDict saved = Network(seed: 1);
        saved.Add("extra.weight", new Tensor([1f], 1));
        string path = Saved(saved);
        StateDict live = Network(seed: 2);
        live.Add("other.bias", new Tensor([0f], 1));

        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(path, live));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("missing tensors: 'other.bias'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected tensors: 'extra.weight'", e.Message, StringComparison.Ordinal);
        AssertSameValues(WithExtra(Network(seed: 2)), live);
    }

    [Fact]
    public void Non_strict_loading_ignores_unexpected_tensors_but_not_missing_ones()
    {
        StateDict saved = Network(seed: 1);
        saved.Add("extra.weight", new Tensor([1f], 1));
        string path = Saved(saved);
        StateDict live = Network(seed: 2);
        Checkpoint.LoadInto(path, live, strict: false);
        AssertSameValues(Network(seed: 1), live);

        live.Add("other.bias", new Tensor([0f], 1));
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(path, live, strict: false));
        Assert.Contains("'other.bias'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("extra.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_mismatch_names_the_tensor_and_both_shapes()
    {
        var saved = new StateDict();
        saved.Add("conv.weight", new Tensor(new float[24], 4, 3, 2));
        var live = new StateDict();
        live.Add("conv.weight", new Tensor(new float[24], 2, 3, 4));
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(Saved(saved), live));
        Assert.Contains("'conv.weight' has shape [4, 3, 2] in the file but [2, 3, 4] in the network", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtype_mismatch_is_reported()
    {
        var saved = new StateDict();
        saved.Add("bn.num_batches_tracked", new Tensor([3f]));
        var live = new StateDict();
        live.Add("bn.num_batches_tracked", new Int64Tensor([0]));
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(Saved(saved), live));
        Assert.Contains("'bn.num_batches_tracked' is float32 in the file but int64 in the network", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_batch_counter_is_accepted_as_in_older_pytorch_checkpoints()
    {
        StateDict saved = Network(seed: 1);
        var live = Network(seed: 2);
        live.Add("bn.num_batches_tracked", new Int64Tensor([5]));
        Checkpoint.LoadInto(Saved(saved), live);
        Assert.True(live.TryGetInt64("bn.num_batches_tracked", out Int64Tensor counter));
        Assert.Equal([5L], counter.Data);
    }

    [Fact]
    public void A_torch_written_file_loads_into_matching_tensors_including_the_int64_counter()
    {
        var live = new StateDict();
        live.Add("zeta.weight", new Tensor(new float[6], 2, 3));
        live.Add("alpha.num_batches_tracked", new Int64Tensor([0]));
        live.Add("scalar", new Tensor([0f]));
        live.Add("empty", new Tensor([], 0, 3));
        live.Add("counts", new Int64Tensor(new long[3], 3));
        live.Add("half", new Tensor(new float[5], 5));
        live.Add("brain", new Tensor(new float[5], 5));
        live.Add("double", new Tensor(new float[4], 4));
        Checkpoint.LoadInto(CheckpointTestFiles.Fixture("python_written.safetensors"), live);
        Assert.True(live.TryGetInt64("alpha.num_batches_tracked", out Int64Tensor counter));
        Assert.Equal(42, counter.Data[0]);
        Assert.True(live.TryGetFloat("scalar", out Tensor scalar));
        Assert.Equal(-2.5f, scalar.Data[0]);
    }

    private string Saved(StateDict dict, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string path = _folder.File($"{Guid.NewGuid():N}.safetensors");
        Checkpoint.Save(path, dict, metadata);
        return path;
    }

    private static StateDict Network(int seed)
    {
        var dict = new StateDict();
        dict.Add("conv.weight", new Tensor(Enumerable.Range(0, 24).Select(i => (float)(i * seed)).ToArray(), 2, 3, 2, 2));
        dict.Add("conv.bias", new Tensor([seed, -seed], 2));
        dict.Add("bn.running_mean", new Tensor([0.5f * seed, 0.25f * seed], 2));
        return dict;
    }

    private static StateDict WithExtra(StateDict dict)
    {
        dict.Add("other.bias", new Tensor([0f], 1));
        return dict;
    }

    private static void AssertSameValues(StateDict expected, StateDict actual)
    {
        foreach (string name in expected.Names)
        {
            Assert.True(expected.TryGetFloat(name, out Tensor e));
            Assert.True(actual.TryGetFloat(name, out Tensor a));
            Assert.Equal(e.Data, a.Data);
        }
    }
}

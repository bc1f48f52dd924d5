using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests;

public class TensorCreationTests
{
    [Fact]
    public void Creation_helpers_give_the_requested_shapes_and_values()
    {
        Assert.Equal(new float[6], Tensor.Zeros(2, 3).Data);
        Assert.All(Tensor.Ones(4).Data, v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full(2.5f, 2, 2).Data, v => Assert.Equal(2.5f, v));
        var s = Tensor.Scalar(3f);
        Assert.Equal(0, s.Rank);
        Assert.Equal(3f, s.Item());
        var u = Tensor.Uniform(new Rng(1), 2f, 3f, 100);
        Assert.All(u.Data, v => Assert.InRange(v, 2f, 3f));
        Assert.Equal(Tensor.Normal(new Rng(5), 0f, 1f, 10).Data, Tensor.Normal(new Rng(5), 0f, 1f, 10).Data);
    }

    [Fact]
    public void FromArray_and_Clone_copy_while_Reshape_and_Detach_share_the_buffer()
    {
        var source = new float[] { 1f, 2f, 3f, 4f };
        var t = Tensor.FromArray(source, 2, 2);
        source[0] = 9f;
        Assert.Equal(1f, t.Data[0]);
        Assert.NotSame(t.Data, t.Clone().Data);
        Assert.Same(t.Data, t.Reshape(4).Data);
        Assert.Same(t.Data, t.Detach().Data);
        Assert.Equal([1, 4], t.Reshape(1, -1).ShapeArray());
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_messages_that_name_the_shape()
    {
        Assert.Contains("[2, 2]", Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2)).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => Tensor.Full(1f, 3, -2)).Message);
        Assert.Contains("Reduce it first", Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).Item()).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => Tensor.Ones(6).Reshape(-1, -1));
    }
}

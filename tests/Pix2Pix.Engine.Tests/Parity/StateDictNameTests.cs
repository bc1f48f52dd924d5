using Pix2Pix.Engine;
using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>Our modules' state dicts list exactly PyTorch's names, shapes, dtypes and order (from the fixture).</summary>
public class StateDictNameTests
{
    /// <summary>Shaped like the reference's UnetSkipConnectionBlock: child Sequential "model", output cat(x, model(x)).</summary>
    private sealed class SkipBlock : Module
    {
        public SkipBlock(SkipBlock? inner = null)
        {
            var model = new Sequential(new LeakyReLU(0.2f), new Conv2d(4, 8, 4, 2, 1, bias: false), new BatchNorm2d(8));
            if (inner is not null)
                model.Add(inner);
            model.Add(new ReLU()).Add(new ConvTranspose2d(inner is null ? 8 : 12, 4, 4, 2, 1, bias: false)).Add(new BatchNorm2d(4)).Add(new Dropout(0.5f));
            Model = RegisterModule("model", model);
        }

        public Sequential Model { get; }

        public override Tensor Forward(Tensor input) => Functional.Concat(input, Model.Forward(input));
    }

    private static Module Build(string key) => key switch
    {
        "sequential_layers" => new Sequential(new ReflectionPad2d(3), new Conv2d(3, 8, 7, bias: false), new BatchNorm2d(8), new ReLU(),
            new Conv2d(8, 16, 3, 2, 1), new InstanceNorm2d(16), new LeakyReLU(0.2f),
            new ConvTranspose2d(16, 8, 3, 2, 1, 1), new InstanceNorm2d(8, affine: true), new Dropout(0.5f),
            new Conv2d(8, 3, 1), new Tanh(), new Sigmoid()),
        "linear_batchnorm1d" => new Sequential(new Linear(6, 5), new BatchNorm1d(5), new Linear(5, 2, bias: false)),
        "nested_skip_blocks" => new SkipBlock(new SkipBlock()),
        _ => throw new InvalidOperationException($"Unknown network '{key}' in the fixture."),
    };

    [Theory]
    [InlineData("sequential_layers")]
    [InlineData("linear_batchnorm1d")]
    [InlineData("nested_skip_blocks")]
    public void State_dict_names_shapes_and_order_match_pytorch(string key)
    {
        var expected = EngineFixture.Set.Json.GetProperty("state_dicts").GetProperty(key).EnumerateArray()
            .Select(e => $"{e[0].GetString()} {Tensor.ShapeString(e[1].EnumerateArray().Select(d => d.GetInt32()).ToArray())} {e[2].GetString()}")
            .ToArray();
        var net = Build(key);
        var dict = net.StateDict();
        var actual = dict.Names.Select(n => $"{n} {Tensor.ShapeString(dict.ShapeOf(n))} {(dict.TryGetFloat(n, out _) ? "float32" : "int64")}").ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(EngineFixture.Set.Json.GetProperty("state_dicts").GetProperty(key + ".parameter_count").GetInt64(), net.ParameterCount());
    }

    [Theory]
    [InlineData("sequential_layers")]
    [InlineData("linear_batchnorm1d")]
    [InlineData("nested_skip_blocks")]
    public void Printing_a_network_gives_the_same_text_as_pytorch(string key)
    {
        var expected = EngineFixture.Set.Json.GetProperty("state_dicts").GetProperty(key + ".repr").GetString();
        Assert.Equal(expected, Build(key).ToString());
    }

    [Fact]
    public void A_skip_block_concatenates_its_input_with_its_output()
    {
        var block = new SkipBlock();
        var y = block.Forward(Tensor.Uniform(new Rng(1), -1, 1, 2, 4, 8, 8));
        Assert.Equal([2, 8, 8, 8], y.ShapeArray());
    }
}

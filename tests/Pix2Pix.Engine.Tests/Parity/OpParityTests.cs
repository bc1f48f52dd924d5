using System.Text.Json;
using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>
/// Every op against PyTorch 1.13: same inputs, compare the output and the gradient of sum(out · gout) with respect
/// to every input (rtol 1e-4, atol 1e-5; reference values from tools/make_engine_reference.py).
/// </summary>
public class OpParityTests(ITestOutputHelper log)
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in EngineFixture.Set.Json.GetProperty("cases").EnumerateObject())
            data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Op_forward_and_input_gradients_match_pytorch(string name)
    {
        var set = EngineFixture.Set;
        var spec = set.Json.GetProperty("cases").GetProperty(name);
        int count = spec.GetProperty("inputs").GetInt32();
        var inputs = Enumerable.Range(0, count).Select(i => set.Get($"{name}.in{i}")).ToArray();
        foreach (var t in inputs)
            t.RequiresGrad = true;
        Tensor? runningMean = set.Contains($"{name}.running_mean_before") ? set.Get($"{name}.running_mean_before") : null;
        Tensor? runningVar = set.Contains($"{name}.running_var_before") ? set.Get($"{name}.running_var_before") : null;

        var output = Run(spec.GetProperty("op").GetString()!, spec.GetProperty("args"), inputs, runningMean, runningVar);

        var expectedOut = set.Get($"{name}.out").Reshape(output.ShapeArray());
        log.WriteLine($"{name}: output max |diff| {TensorAssert.MaxAbsDifference(expectedOut.Data, output.Data):G3}");
        TensorAssert.Close(expectedOut, output, name: $"{name} output");
        Functional.Sum(output * set.Get($"{name}.gout").Reshape(output.ShapeArray())).Backward();
        for (int i = 0; i < count; i++)
        {
            log.WriteLine($"{name}: gradient {i} max |diff| {TensorAssert.MaxAbsDifference(set.Get($"{name}.grad{i}").Data, inputs[i].Grad!):G3}");
            TensorAssert.Close(set.Get($"{name}.grad{i}"), new Tensor(inputs[i].Grad!, inputs[i].ShapeArray()), name: $"{name} gradient of input {i}");
        }
        if (set.Contains($"{name}.running_mean_after"))
        {
            TensorAssert.Close(set.Get($"{name}.running_mean_after"), runningMean!, name: $"{name} running_mean");
            TensorAssert.Close(set.Get($"{name}.running_var_after"), runningVar!, name: $"{name} running_var");
        }
    }

    private static Tensor Run(string op, JsonElement args, Tensor[] x, Tensor? runningMean, Tensor? runningVar)
    {
        int Arg(string key) => args.GetProperty(key).GetInt32();
        Tensor? Opt(int i) => x.Length > i ? x[i] : null;
        return op switch
        {
            "conv2d" => Functional.Conv2d(x[0], x[1], Opt(2), Arg("stride"), Arg("padding")),
            "conv_transpose2d" => Functional.ConvTranspose2d(x[0], x[1], Opt(2), Arg("stride"), Arg("padding"), Arg("output_padding")),
            "batch_norm" => Functional.BatchNorm(x[0], x[1], x[2], runningMean, runningVar, args.GetProperty("training").GetBoolean()),
            "instance_norm2d" => Functional.InstanceNorm2d(x[0], Opt(1), Opt(2)),
            "leaky_relu" => Functional.LeakyRelu(x[0], (float)args.GetProperty("negative_slope").GetDouble()),
            "relu" => Functional.Relu(x[0]),
            "tanh" => Functional.Tanh(x[0]),
            "sigmoid" => Functional.Sigmoid(x[0]),
            "reflection_pad2d" => Pad(x[0], args.GetProperty("padding")),
            "concat" => Functional.Concat(x[0], x[1], Arg("dim")),
            "add" => x[0] + x[1],
            "sub" => x[0] - x[1],
            "mul" => x[0] * x[1],
            "linear" => Functional.Linear(x[0], x[1], x[2]),
            "avg_pool2d" => Functional.AvgPool2d(x[0], Arg("kernel"), Arg("stride"), Arg("padding"), args.GetProperty("count_include_pad").GetBoolean()),
            "mean_dim" => x[0].Mean(Arg("dim")),
            "sum" => x[0].Sum(),
            "bce_with_logits" => Functional.BceWithLogits(x[0], x[1]),
            "mse" => Functional.MseLoss(x[0], x[1]),
            "l1" => Functional.L1Loss(x[0], x[1]),
            _ => throw new InvalidOperationException($"The fixture names op '{op}', which this test does not know; add it to Run()."),
        };
    }

    private static Tensor Pad(Tensor x, JsonElement p)
    {
        var v = p.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return Functional.ReflectionPad2d(x, v[0], v[1], v[2], v[3]);
    }
}

using Pix2Pix.Engine;
using Pix2Pix.Engine.Tests.Support;
using Xunit.Abstractions;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Engine.Tests.Parity;

/// <summary>
/// WGAN-GP's penalty mean((‖∇x̂ D(x̂)‖₂ − 1)²) and its parameter gradients against
/// torch.autograd.grad(create_graph=True) (tools/make_gradient_penalty_reference.py).
/// </summary>
public class GradientPenaltyParityTests(ITestOutputHelper output)
{
    private static readonly Lazy<FixtureSet> s_set = new(() => new FixtureSet(FixtureSet.FixturePath("gp", "gp.json")));

    private static FixtureSet Set => s_set.Value;

    [Fact]
    public void Penalty_of_a_linear_leaky_relu_critic_matches_pytorch() =>
        CheckCritic("mlp", ["0.weight", "0.bias", "2.weight", "2.bias"], (x, p) =>
            F.Linear(F.LeakyRelu(F.Linear(x, p["0.weight"], p["0.bias"]), 0.2f), p["2.weight"], p["2.bias"]));

    [Fact]
    public void Penalty_of_a_conv_instance_norm_critic_matches_pytorch() =>
        CheckCritic("conv", ["0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias", "6.weight", "6.bias"], (x, p) =>
        {
            var h = F.LeakyRelu(F.Conv2d(x, p["0.weight"], p["0.bias"], 2, 1), 0.2f);
            h = F.Conv2d(h, p["2.weight"], p["2.bias"], 2, 1);
            h = F.LeakyRelu(F.InstanceNorm2d(h, p["3.weight"], p["3.bias"]), 0.2f);
            return F.Linear(F.Reshape(h, h.Dim(0), -1), p["6.weight"], p["6.bias"]);
        });

    private void CheckCritic(string name, string[] parameterNames, Func<Tensor, Dictionary<string, Tensor>, Tensor> critic)
    {
        var parameters = parameterNames.ToDictionary(n => n, n =>
        {
            var t = Set.Get($"{name}.{n}");
            t.RequiresGrad = true;
            return t;
        });
        var real = Set.Get($"{name}.real");
        var fake = Set.Get($"{name}.fake");
        var eps = Set.Get($"{name}.eps");
        var xHat = F.Add(F.Mul(eps, real), F.Mul(F.Affine(eps, -1f, 1f), fake)).Detach();
        xHat.RequiresGrad = true;

        var score = critic(xHat, parameters);
        var inputGrad = Autograd.Grad([score], [xHat], [Tensor.Ones(score.ShapeArray())], createGraph: true)[0];
        var norm = F.Sqrt(F.Sum(F.Square(F.Reshape(inputGrad, inputGrad.Dim(0), -1)), 1));
        var penalty = F.Mean(F.Square(F.Affine(norm, 1f, -1f)));
        penalty.Backward();

        output.WriteLine($"{name}: penalty ours {penalty.Item():G9}, PyTorch {Set.Get($"{name}.penalty").Data[0]:G9}; max |diff| dD/dx̂ {TensorAssert.MaxAbsDifference(Set.Get($"{name}.input_grad").Data, inputGrad.Data):G3}");
        foreach (var (n, p) in parameters)
            output.WriteLine($"  d(penalty)/d({n}): max |diff| {TensorAssert.MaxAbsDifference(Set.Get($"{name}.grad.{n}").Data, p.Grad ?? new float[p.Count]):G3} (max |value| {Set.Get($"{name}.grad.{n}").Data.Max(Math.Abs):G3})");
        TensorAssert.Close(Set.Get($"{name}.score").Data, score.Data, 1e-5f, 1e-6f, $"{name} score");
        TensorAssert.Close(Set.Get($"{name}.input_grad").Data, inputGrad.Data, 1e-5f, 1e-6f, $"{name} dD/dx̂");
        TensorAssert.Close(Set.Get($"{name}.penalty").Data, penalty.Data, 1e-5f, 1e-7f, $"{name} penalty");
        foreach (var (n, p) in parameters)
            TensorAssert.Close(Set.Get($"{name}.grad.{n}").Data, p.Grad ?? new float[p.Count], 1e-5f, 1e-6f, $"{name} d(penalty)/d({n})");
    }
}

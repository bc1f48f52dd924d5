using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Support;

/// <summary>
/// Second-order finite-difference checks: the gradient of L = Σ vᵢ·f(x)ᵢ (fixed random v) with respect to one input,
/// computed by <see cref="Autograd.Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool)"/>
/// with createGraph, is itself checked by <see cref="GradCheck.Check"/> against finite differences in every input.
/// </summary>
public static class SecondOrderCheck
{
    public static void Check(Func<Tensor[], Tensor> function, Tensor[] inputs, int gradOf = 0, float eps = 1e-2f, float rtol = 3e-2f, float atol = 3e-3f, string name = "op")
    {
        ArgumentNullException.ThrowIfNull(function);
        GradCheck.Check(x => FirstGradient(function, x, gradOf), inputs, eps, rtol, atol, name + $" (d/d input {gradOf}, second order)");
    }

    /// <summary>d(Σ v·f(x))/d(x[gradOf]) as a differentiable tensor; recording is forced on (the checker's probes run under NoGrad).</summary>
    public static Tensor FirstGradient(Func<Tensor[], Tensor> function, Tensor[] inputs, int gradOf)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        bool outerRecording = Autograd.IsEnabled;
        using (Autograd.EnableGrad())
        {
            var y = function(inputs);
            var v = Tensor.Uniform(new Rng(777), -1f, 1f, y.ShapeArray());
            var loss = Functional.Sum(Functional.Mul(y, v));
            return Autograd.Grad([loss], [inputs[gradOf]], createGraph: outerRecording)[0];
        }
    }
}

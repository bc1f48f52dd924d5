using Pix2Pix.Engine;

namespace Pix2Pix.Engine.Tests.Support;

/// <summary>
/// Finite-difference gradient checker. The function's output is reduced with fixed random weights
/// (L = Σ wᵢ·yᵢ, summed in double) so every output element's gradient is exercised; each input element is
/// perturbed by ±eps (float, central differences) and the slope compared with the analytic gradient from Backward().
/// </summary>
internal static class GradCheck
{
    /// <summary>
    /// Checks d(f)/d(input) for every input. <paramref name="function"/> must be deterministic (re-seed any Rng inside).
    /// Passes when |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|) for every element.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> function, Tensor[] inputs, float eps = 1e-2f, float rtol = 2e-2f, float atol = 2e-3f, string name = "op")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var t in inputs)
        {
            t.RequiresGrad = true;
            t.Grad = null;
        }
        var output = function(inputs);
        var weights = Tensor.Uniform(new Rng(12345), -1f, 1f, output.ShapeArray());
        var loss = Functional.Sum(Functional.Mul(output, weights));
        loss.Backward();

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            Assert.True(x.Grad is not null, $"{name}: input {k} got no gradient from Backward().");
            var numeric = new float[x.Count];
            for (int i = 0; i < x.Count; i++)
            {
                float saved = x.Data[i];
                x.Data[i] = saved + eps;
                double plus = WeightedSum(function, inputs, weights);
                x.Data[i] = saved - eps;
                double minus = WeightedSum(function, inputs, weights);
                x.Data[i] = saved;
                numeric[i] = (float)((plus - minus) / (2.0 * eps));
            }
            var analytic = x.Grad!;
            for (int i = 0; i < x.Count; i++)
            {
                float a = analytic[i], n = numeric[i];
                if (!(Math.Abs(a - n) <= atol + rtol * Math.Max(Math.Abs(a), Math.Abs(n))))
                {
                    float maxDiff = TensorAssert.MaxAbsDifference(numeric, analytic);
                    Assert.Fail($"{name}: gradient of input {k} {Tensor.ShapeString(x.Shape)} differs from finite differences at [{i}]: analytic {a:G7}, numeric {n:G7} (max |difference| {maxDiff:G4}).");
                }
            }
        }
    }

    /// <summary>Values uniform in ±[margin, 1]·scale: away from 0, where ReLU-like and |x| ops have kinks.</summary>
    public static Tensor AwayFromZero(Rng rng, float margin, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Tensor.Zeros(shape);
        for (int i = 0; i < t.Count; i++)
        {
            float m = margin + (1f - margin) * rng.NextFloat();
            t.Data[i] = rng.NextFloat() < 0.5f ? -m : m;
        }
        return t;
    }

    private static double WeightedSum(Func<Tensor[], Tensor> function, Tensor[] inputs, Tensor weights)
    {
        using (Autograd.NoGrad())
        {
            var y = function(inputs);
            double s = 0;
            for (int i = 0; i < y.Count; i++)
                s += (double)y.Data[i] * weights.Data[i];
            return s;
        }
    }
}

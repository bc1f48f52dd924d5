using Pix2Pix.Engine;
using Pix2Pix.Gan.Options;
using F = Pix2Pix.Engine.Functional;

namespace Pix2Pix.Gan.Losses;

/// <summary>
/// WGAN-GP's gradient penalty (Gulrajani et al. 2017), as the reference's <c>networks.cal_gradient_penalty</c>:
/// λ·mean_i((‖∇x̂ D(x̂)_i + 1e−16‖₂ − constant)²) with, for type "mixed", x̂ = ε·real + (1 − ε)·fake and ε ~ U(0, 1)
/// per sample; "real" and "fake" use that batch alone. The gradient comes from <see cref="Autograd.Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool)"/>
/// with createGraph, so <c>Backward()</c> of the penalty reaches D's parameters through the second-order graph.
/// </summary>
internal static class GradientPenalty
{
    public static readonly string[] Types = ["mixed", "real", "fake"];

    /// <summary><c>--lambda_gp</c>: λ, the penalty's weight (10 as the paper and the reference's default).</summary>
    public static ModelFlag<float> LambdaFlag { get; } = new("lambda_gp", 10f,
        "weight of the gradient penalty lambda * (||grad D(x_hat)||_2 - 1)^2: --model wgangp, and --gan_mode wgangp of pix2pix/cycle_gan " +
        "(the reference's cal_gradient_penalty, type mixed, which it defines but never calls; we call it; 0 turns it off)");

    /// <summary>The penalty (a one-element tensor with a graph into D's parameters).</summary>
    /// <param name="critic">D; its output may be any shape (a PatchGAN map): the gradient of its sum is taken.</param>
    /// <param name="real">Real images [N, …]; read only.</param>
    /// <param name="fake">G's images, same shape; detached here, so G gets no gradient from the penalty.</param>
    /// <param name="rng">Draws ε (N values) for "mixed": the model's training generator, so a resumed run draws the same.</param>
    /// <param name="epsilon">Given ε (N values) instead of drawing them (parity tests); null: draw from <paramref name="rng"/>.</param>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Rng rng, float lambda = 10f, string type = "mixed", float constant = 1f, float[]? epsilon = null)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(rng);
        if (!real.SameShape(fake))
            throw new ArgumentException($"The gradient penalty mixes real {Tensor.ShapeString(real.Shape)} and fake {Tensor.ShapeString(fake.Shape)} images; they must have one shape.", nameof(fake));
        int n = real.Dim(0);
        Tensor mixed;
        switch (type)
        {
            case "real": mixed = real.Detach(); break;
            case "fake": mixed = fake.Detach(); break;
            case "mixed":
                var epsShape = new int[real.Rank];
                Array.Fill(epsShape, 1);
                epsShape[0] = n;
                if (epsilon is not null && epsilon.Length != n)
                    throw new ArgumentException($"{epsilon.Length} mixing weights given for a batch of {n}.", nameof(epsilon));
                var eps = epsilon is null ? new float[n] : (float[])epsilon.Clone();
                if (epsilon is null)
                    for (int i = 0; i < n; i++)
                        eps[i] = rng.NextFloat();
                var e = new Tensor(eps, epsShape);
                using (Autograd.NoGrad())
                    mixed = F.Add(F.Mul(e, real), F.Mul(F.Affine(e, -1f, 1f), fake));
                break;
            default:
                throw new ArgumentException($"Gradient penalty type '{type}' is not known; use one of: {string.Join(", ", Types)}.", nameof(type));
        }
        mixed = mixed.Detach();
        mixed.RequiresGrad = true;
        var score = critic(mixed);
        var gradient = Autograd.Grad([score], [mixed], [Tensor.Ones(score.ShapeArray())], createGraph: true)[0];
        var norm = F.Sqrt(F.Sum(F.Square(F.Affine(F.Reshape(gradient, n, -1), 1f, 1e-16f)), 1));
        return F.Mean(F.Square(F.Affine(norm, 1f, -constant))) * lambda;
    }
}

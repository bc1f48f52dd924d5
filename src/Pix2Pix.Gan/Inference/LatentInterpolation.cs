using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Inference;

/// <summary>
/// <c>pix2pix interpolate</c>: a walk through G's latent space from the z of one seed to the z of another, as the
/// PGGAN write-up shows. The end points are the first z that <c>sample --seed S</c> draws, so frame 1 is
/// <c>sample --seed FROM</c>'s first image and the last frame <c>sample --seed TO</c>'s. Linear: z = (1 − t)·a + t·b;
/// <c>--slerp</c>: along the great circle, z = sin((1 − t)ω)/sin ω · a + sin(tω)/sin ω · b with cos ω = â·b̂
/// (linear when a and b are parallel), which keeps |z| near the typical radius of a Gaussian sample.
/// </summary>
internal static class LatentInterpolation
{
    public const int MaxSteps = 10_000;

    /// <summary>The <paramref name="steps"/> latent vectors of the walk, [steps, zDim].</summary>
    public static Tensor Path(int zDim, ulong fromSeed, ulong toSeed, int steps, bool slerp)
    {
        if (steps is < 2 or > MaxSteps)
            throw new ArgumentException($"--steps {steps} is out of range; use 2 to {MaxSteps} (the frames include both end points).");
        var a = Tensor.Normal(new Rng(fromSeed), 0f, 1f, zDim).Data;
        var b = Tensor.Normal(new Rng(toSeed), 0f, 1f, zDim).Data;
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < zDim; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        double cos = Math.Clamp(dot / Math.Sqrt(na * nb), -1.0, 1.0);
        double omega = Math.Acos(cos), sin = Math.Sin(omega);
        bool spherical = slerp && sin > 1e-6;
        var z = new float[steps * zDim];
        for (int k = 0; k < steps; k++)
        {
            double t = (double)k / (steps - 1);
            double wa = spherical ? Math.Sin((1 - t) * omega) / sin : 1 - t;
            double wb = spherical ? Math.Sin(t * omega) / sin : t;
            for (int i = 0; i < zDim; i++)
                z[k * zDim + i] = (float)(wa * a[i] + wb * b[i]);
        }
        return new Tensor(z, steps, zDim);
    }

    /// <summary>G's images along the walk, [steps, C, H, W]; <paramref name="label"/> is the class of every frame (cgan only, required there).</summary>
    public static Tensor Walk(LatentSampler sampler, ulong fromSeed, ulong toSeed, int steps, bool slerp, int? label)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var model = sampler.Model;
        if (model.Conditional && label is null)
            throw new ArgumentException($"--model {sampler.ModelName} draws the class it is given: add --label 0 to {model.NumClasses - 1} (every frame shows that class).");
        if (!model.Conditional && label is not null)
            throw new ArgumentException($"--label works with a conditional model (--model cgan); this is --model {sampler.ModelName}, whose digits cannot be chosen.");
        if (label is { } k && (k < 0 || k >= model.NumClasses))
            throw new ArgumentException(model.NumClasses == 10 ? $"--label {label} is not a digit; use 0 to 9." : $"--label {label} is not a class of this run; use 0 to {model.NumClasses - 1}.");
        var z = Path(model.ZDim, fromSeed, toSeed, steps, slerp);
        using var noGrad = Autograd.NoGrad();
        Tensor? all = null;
        const int chunk = 64;
        for (int start = 0; start < steps; start += chunk)
        {
            int n = Math.Min(chunk, steps - start);
            var part = new Tensor(z.Data.AsSpan(start * model.ZDim, n * model.ZDim).ToArray(), n, model.ZDim);
            var labels = model.Conditional ? new Tensor([.. Enumerable.Repeat((float)label!.Value, n)], n, 1) : null;
            var images = model.Generate(part, labels);
            all ??= Tensor.Zeros([steps, .. images.ShapeArray()[1..]]);
            images.Data.AsSpan(0, images.Count).CopyTo(all.Data.AsSpan(start * (images.Count / n)));
        }
        return all!;
    }
}

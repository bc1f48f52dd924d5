namespace Pix2Pix.Engine;

/// <summary>Dropout: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>
    /// When <paramref name="active"/>, zeroes each element with probability <paramref name="p"/> (drawn from
    /// <paramref name="rng"/>) and scales the rest by 1/(1 − p); otherwise returns x unchanged.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, Rng rng, bool active = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be between 0 and 1 (the reference uses 0.5).");
        if (!active || p == 0f)
            return x;
        var mask = TensorArena.Rent(x.Count, zeroed: false);
        float keep = p == 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = rng.NextFloat() < p ? 0f : keep;
        var y = Tensor.ForOpLike(x, zeroed: false);
        Kernels.Elementwise.Multiply(x.Data, mask, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new DropoutNode(x, mask)) : y;
    }

    private sealed class DropoutNode(Tensor x, float[] mask) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Kernels.Elementwise.AddProduct(gradOutput, mask, GradOf(0)!);
    }
}

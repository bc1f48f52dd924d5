namespace Pix2Pix.Engine;

/// <summary>Mean-reduced losses: BCE on probabilities, BCE with logits (stable for any logit), MSE, L1. Forward and backward for both inputs.</summary>
internal static partial class Functional
{
    /// <summary>mean(max(x, 0) − x·t + log(1 + e^−|x|)): binary cross-entropy of sigmoid(x) against t, without overflow.</summary>
    public static Tensor BceWithLogits(Tensor logits, Tensor target) => Loss(logits, target, LossKind.BceWithLogits);

    /// <summary>BCE with logits against a constant target (1 for real, 0 for fake).</summary>
    public static Tensor BceWithLogits(Tensor logits, float target) => BceWithLogits(logits, FullLike(logits, target));

    /// <summary>
    /// PyTorch's <c>BCELoss</c> on probabilities p (a network ending in Sigmoid): mean(−(t·log p + (1 − t)·log(1 − p))),
    /// each log clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite loss; the gradient divides by
    /// max(p·(1 − p), 1e−12) as PyTorch's backward does.
    /// </summary>
    public static Tensor BceLoss(Tensor probabilities, Tensor target) => Loss(probabilities, target, LossKind.Bce);

    /// <summary>BCE on probabilities against a constant target (1 for real, 0 for fake).</summary>
    public static Tensor BceLoss(Tensor probabilities, float target) => BceLoss(probabilities, FullLike(probabilities, target));

    /// <summary>mean((x − t)²).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target) => Loss(input, target, LossKind.Mse);

    public static Tensor MseLoss(Tensor input, float target) => MseLoss(input, FullLike(input, target));

    /// <summary>mean(|x − t|); the gradient at x = t is 0, as PyTorch.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target) => Loss(input, target, LossKind.L1);

    private static Tensor FullLike(Tensor x, float value)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.Full(value, x.ShapeArray());
    }

    private enum LossKind { Bce, BceWithLogits, Mse, L1 }

    private static Tensor Loss(Tensor x, Tensor t, LossKind kind)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (!x.SameShape(t))
            throw new ArgumentException($"{kind} loss: input {Tensor.ShapeString(x.Shape)} and target {Tensor.ShapeString(t.Shape)} must have the same shape.", nameof(t));
        if (x.Count == 0)
            throw new ArgumentException($"{kind} loss of empty tensors is undefined.", nameof(x));
        double sum = 0;
        for (int i = 0; i < x.Count; i++)
        {
            float a = x.Data[i], b = t.Data[i];
            sum += kind switch
            {
                LossKind.Bce => -(b * Math.Max(Math.Log(a), -100.0) + (1.0 - b) * Math.Max(Math.Log(1.0 - a), -100.0)),
                LossKind.BceWithLogits => Math.Max(a, 0f) - a * b + Math.Log(1.0 + Math.Exp(-Math.Abs((double)a))),
                LossKind.Mse => (double)(a - b) * (a - b),
                _ => Math.Abs(a - b),
            };
        }
        var y = Tensor.Scalar((float)(sum / x.Count));
        return Autograd.ShouldRecord(x, t) ? Autograd.Attach(y, new LossNode(x, t, kind)) : y;
    }

    private sealed class LossNode(Tensor x, Tensor t, LossKind kind) : Node(x, t)
    {
        public override void Backward(float[] gradOutput)
        {
            float[]? gx = GradOf(0), gt = GradOf(1);
            float scale = gradOutput[0] / x.Count;
            for (int i = 0; i < x.Count; i++)
            {
                float a = x.Data[i], b = t.Data[i];
                // d/dx and d/dt of the per-element loss
                (float dx, float dt) = kind switch
                {
                    LossKind.Bce => ((a - b) / MathF.Max((1f - a) * a, 1e-12f),
                        MathF.Max(MathF.Log(1f - a), -100f) - MathF.Max(MathF.Log(a), -100f)),
                    LossKind.BceWithLogits => (Kernels.Elementwise.Sigmoid(a) - b, -a),
                    LossKind.Mse => (2f * (a - b), -2f * (a - b)),
                    _ => (SignOf(a - b), -SignOf(a - b)),
                };
                if (gx is not null) gx[i] += dx * scale;
                if (gt is not null) gt[i] += dt * scale;
            }
        }

        // torch.sign: NaN stays NaN (MathF.Sign throws on it), so a diverged step reaches the trainer's check.
        private static float SignOf(float d) => d > 0f ? 1f : d < 0f ? -1f : d;
    }
}

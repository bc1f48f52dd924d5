namespace Pix2Pix.Engine;

/// <summary>Square, square root and powers xᵖ, elementwise: forward and backward (a gradient penalty's norm).</summary>
internal static partial class Functional
{
    /// <summary>x², elementwise.</summary>
    public static Tensor Square(Tensor x) => Pow(x, 2f);

    /// <summary>√x, elementwise (NaN below zero, as MathF.Sqrt).</summary>
    public static Tensor Sqrt(Tensor x) => Pow(x, 0.5f);

    /// <summary>xᵖ, elementwise; p = 2, 0.5 and −0.5 are computed exactly as x·x, √x and 1/√x.</summary>
    public static Tensor Pow(Tensor x, float exponent)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ForOpLike(x, zeroed: false);
        float[] xd = x.Data, yd = y.Data;
        Pointwise.Run(xd.Length, (s, n) =>
        {
            for (int i = s; i < s + n; i++)
                yd[i] = PowOf(xd[i], exponent);
        });
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new PowNode(x, exponent)) : y;
    }

    private static float PowOf(float x, float p) => p switch
    {
        1f => x,
        2f => x * x,
        0.5f => MathF.Sqrt(x),
        -0.5f => 1f / MathF.Sqrt(x),
        -1.5f => 1f / (x * MathF.Sqrt(x)),
        _ => MathF.Pow(x, p),
    };

    private sealed class PowNode(Tensor x, float p) : Node(x)
    {
        // dx += g·p·x^(p−1)
        public override void Backward(float[] gradOutput)
        {
            float[] xd = Inputs[0].Data, dx = GradOf(0)!;
            Pointwise.Run(xd.Length, (s, n) =>
            {
                for (int i = s; i < s + n; i++)
                    dx[i] += gradOutput[i] * (p * PowOf(xd[i], p - 1f));
            });
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [Mul(gradOutput, Affine(p == 2f ? Inputs[0] : Pow(Inputs[0], p - 1f), p, 0f))];
    }
}

using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Add, subtract, multiply (with broadcasting), scalar forms and negation; forward and backward.</summary>
public static partial class Functional
{
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Add);

    public static Tensor Sub(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Sub);

    public static Tensor Mul(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Mul);

    /// <summary>x·scale + shift, elementwise.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.ForOpLike(x, zeroed: true);
        Elementwise.ScaleShift(x.Data, scale, shift, y.Data);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ScaleNode(x, scale)) : y;
    }

    public static Tensor Neg(Tensor x) => Affine(x, -1f, 0f);

    private static Tensor Binary(Tensor a, Tensor b, BinaryKind kind)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Tensor y;
        Broadcast? plan = null;
        if (a.SameShape(b))
        {
            y = Tensor.ForOpLike(a, zeroed: true);
            float[] ad = a.Data, bd = b.Data, yd = y.Data;
            Pointwise.Run(yd.Length, (s, n) =>
            {
                switch (kind)
                {
                    case BinaryKind.Add: Elementwise.Add(ad.AsSpan(s, n), bd.AsSpan(s, n), yd.AsSpan(s, n)); break;
                    case BinaryKind.Sub: Elementwise.Subtract(ad.AsSpan(s, n), bd.AsSpan(s, n), yd.AsSpan(s, n)); break;
                    default: Elementwise.Multiply(ad.AsSpan(s, n), bd.AsSpan(s, n), yd.AsSpan(s, n)); break;
                }
            });
        }
        else
        {
            plan = Broadcast.Plan(a.Shape, b.Shape, kind.ToString());
            y = Tensor.ForOp(true, plan.OutShape);
            float[] ad = a.Data, bd = b.Data, yd = y.Data;
            int[] ai = plan.AIndex, bi = plan.BIndex;
            for (int i = 0; i < yd.Length; i++)
            {
                float u = ad[ai[i]], v = bd[bi[i]];
                yd[i] = kind switch { BinaryKind.Add => u + v, BinaryKind.Sub => u - v, _ => u * v };
            }
        }
        return Autograd.ShouldRecord(a, b) ? Autograd.Attach(y, new BinaryNode(a, b, kind, plan)) : y;
    }

    private enum BinaryKind { Add, Sub, Mul }

    private sealed class BinaryNode(Tensor a, Tensor b, BinaryKind kind, Broadcast? plan) : Node(a, b)
    {
        public override void Backward(float[] gradOutput)
        {
            float[]? ga = GradOf(0), gb = GradOf(1);
            float[] ad = Inputs[0].Data, bd = Inputs[1].Data;
            if (plan is null)
            {
                // d(a+b) = (1, 1); d(a−b) = (1, −1); d(a·b) = (b, a)
                Pointwise.Run(gradOutput.Length, (s, n) =>
                {
                    var g = gradOutput.AsSpan(s, n);
                    if (ga is not null)
                    {
                        if (kind == BinaryKind.Mul) Elementwise.AddProduct(g, bd.AsSpan(s, n), ga.AsSpan(s, n));
                        else Elementwise.AddScaled(g, 1f, ga.AsSpan(s, n));
                    }
                    if (gb is not null)
                    {
                        if (kind == BinaryKind.Mul) Elementwise.AddProduct(g, ad.AsSpan(s, n), gb.AsSpan(s, n));
                        else Elementwise.AddScaled(g, kind == BinaryKind.Sub ? -1f : 1f, gb.AsSpan(s, n));
                    }
                });
                return;
            }
            // Broadcast operands receive the sum of the gradients of every output element that read them.
            int[] ai = plan.AIndex, bi = plan.BIndex;
            for (int i = 0; i < gradOutput.Length; i++)
            {
                float g = gradOutput[i];
                if (ga is not null)
                    ga[ai[i]] += kind == BinaryKind.Mul ? g * bd[bi[i]] : g;
                if (gb is not null)
                    gb[bi[i]] += kind switch { BinaryKind.Mul => g * ad[ai[i]], BinaryKind.Sub => -g, _ => g };
            }
        }
    }

    private sealed class ScaleNode(Tensor x, float scale) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Elementwise.AddScaled(gradOutput, scale, GradOf(0)!);
    }
}

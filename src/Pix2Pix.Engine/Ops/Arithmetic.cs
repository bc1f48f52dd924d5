using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Add, subtract, multiply (with broadcasting), scalar forms and negation; forward and backward.</summary>
internal static partial class Functional
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

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            Tensor a = Inputs[0], b = Inputs[1];
            Tensor? ga = null, gb = null;
            if (wanted[0])
                ga = SumTo(kind == BinaryKind.Mul ? Mul(gradOutput, b) : gradOutput, a.ShapeArray());
            if (wanted[1])
                gb = SumTo(kind switch { BinaryKind.Mul => Mul(gradOutput, a), BinaryKind.Sub => Neg(gradOutput), _ => gradOutput }, b.ShapeArray());
            return [ga, gb];
        }
    }

    private sealed class ScaleNode(Tensor x, float scale) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Elementwise.AddScaled(gradOutput, scale, GradOf(0)!);

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) => [Affine(gradOutput, scale, 0f)];
    }

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="shape"/>, which broadcasts to x's shape: the gradient of a
    /// broadcast operand. Returns x itself when the shapes are equal.
    /// </summary>
    internal static Tensor SumTo(Tensor x, int[] shape)
    {
        if (x.Shape.SequenceEqual(shape))
            return x;
        var plan = Broadcast.Plan(shape, x.Shape, "SumTo");
        if (!plan.OutShape.AsSpan().SequenceEqual(x.Shape))
            throw new ArgumentException($"SumTo: {Tensor.ShapeString(shape)} does not broadcast to {Tensor.ShapeString(x.Shape)}.", nameof(shape));
        var y = Tensor.ForOp(true, shape);
        float[] xd = x.Data, yd = y.Data;
        int[] map = plan.AIndex;
        for (int i = 0; i < xd.Length; i++)
            yd[map[i]] += xd[i];
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new SumToNode(x, map)) : y;
    }

    private sealed class SumToNode(Tensor x, int[] map) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0)!;
            for (int i = 0; i < gx.Length; i++)
                gx[i] += gradOutput[map[i]];
        }

        // Broadcasting back: adding to zeros of x's shape (whose own gradient rule is SumTo again).
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) => [Add(Tensor.Zeros(Inputs[0].ShapeArray()), gradOutput)];
    }
}

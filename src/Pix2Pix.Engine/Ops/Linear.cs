using Pix2Pix.Engine.Kernels;

namespace Pix2Pix.Engine;

/// <summary>Fully connected layer y = x·Wᵀ + b: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>x [..., in], weight [out, in], optional bias [out] → [..., out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear expects a weight [out, in] but got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        int outF = weight.Dim(0), inF = weight.Dim(1);
        if (x.Rank < 1 || x.Dim(-1) != inF)
            throw new ArgumentException($"Linear: the input's last dimension must be {inF} (in_features) but the input is {Tensor.ShapeString(x.Shape)}.", nameof(x));
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != outF))
            throw new ArgumentException($"Linear: the bias must be [{outF}] but got {Tensor.ShapeString(bias.Shape)}.", nameof(bias));
        int rows = x.Count / Math.Max(inF, 1);
        var shape = x.ShapeArray();
        shape[^1] = outF;
        var y = Tensor.ForOp(false, shape);
        Gemm.Multiply(false, true, rows, outF, inF, x.Data, inF, weight.Data, inF, y.Data, outF, accumulate: false);
        if (bias is not null)
            for (int r = 0; r < rows; r++)
                Elementwise.AddScaled(bias.Data, 1f, y.Data.AsSpan(r * outF, outF));
        return Autograd.ShouldRecord([x, weight, bias]) ? Autograd.Attach(y, new LinearNode(x, weight, bias, rows)) : y;
    }

    private sealed class LinearNode(Tensor x, Tensor weight, Tensor? bias, int rows)
        : Node(bias is null ? [x, weight] : [x, weight, bias])
    {
        public override void Backward(float[] gradOutput)
        {
            int outF = weight.Dim(0), inF = weight.Dim(1);
            var gx = GradOf(0);
            if (gx is not null)
                Gemm.Multiply(false, false, rows, inF, outF, gradOutput, outF, weight.Data, inF, gx, inF, accumulate: true);
            var gw = GradOf(1);
            if (gw is not null)
                Gemm.Multiply(true, false, outF, inF, rows, gradOutput, outF, x.Data, inF, gw, inF, accumulate: true);
            var gb = bias is null ? null : GradOf(2);
            if (gb is not null)
                for (int r = 0; r < rows; r++)
                    Elementwise.AddScaled(gradOutput.AsSpan(r * outF, outF), 1f, gb);
        }

        // gx = g·W, gW = gᵀ·x, gb = Σ_rows g, with x and g viewed as matrices [rows, ·].
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            int outF = weight.Dim(0), inF = weight.Dim(1);
            var g2 = Reshape(gradOutput, rows, outF);
            var gx = wanted[0] ? Reshape(MatMul(g2, Inputs[1]), Inputs[0].ShapeArray()) : null;
            var gw = wanted[1] ? MatMul(g2, Reshape(Inputs[0], rows, inF), transposeA: true) : null;
            if (bias is null)
                return [gx, gw];
            return [gx, gw, wanted[2] ? Sum(g2, 0) : null];
        }
    }

    /// <summary>
    /// Matrix product op(a)·op(b) of two rank-2 tensors, op = transpose when asked:
    /// a [m, k] (or [k, m] transposed), b [k, n] (or [n, k]) → [m, n].
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"MatMul multiplies matrices (rank 2) but got {Tensor.ShapeString(a.Shape)} and {Tensor.ShapeString(b.Shape)}; Reshape them first.", nameof(a));
        int m = transposeA ? a.Dim(1) : a.Dim(0), k = transposeA ? a.Dim(0) : a.Dim(1);
        int kb = transposeB ? b.Dim(1) : b.Dim(0), n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw new ArgumentException($"MatMul: op(a) is [{m}, {k}] but op(b) is [{kb}, {n}]; the inner sizes must match.", nameof(b));
        var y = Tensor.ForOp(false, m, n);
        MatMulInto(transposeA, a.Data, a.Dim(1), transposeB, b.Data, b.Dim(1), y.Data, m, n, k, accumulate: false);
        return Autograd.ShouldRecord(a, b) ? Autograd.Attach(y, new MatMulNode(a, b, transposeA, transposeB)) : y;
    }

    private static void MatMulInto(bool transposeA, float[] a, int aColumns, bool transposeB, float[] b, int bColumns, float[] c, int m, int n, int k, bool accumulate)
    {
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
                Array.Clear(c);
            return;
        }
        Gemm.Multiply(transposeA, transposeB, m, n, k, a, aColumns, b, bColumns, c, n, accumulate);
    }

    private sealed class MatMulNode(Tensor a, Tensor b, bool transposeA, bool transposeB) : Node(a, b)
    {
        // With A' = op(a), B' = op(b), y = A'B': dA' = g·B'ᵀ, dB' = A'ᵀ·g; a transposed operand takes the transpose.
        public override void Backward(float[] gradOutput)
        {
            int m = transposeA ? a.Dim(1) : a.Dim(0), k = transposeA ? a.Dim(0) : a.Dim(1);
            int n = transposeB ? b.Dim(0) : b.Dim(1);
            var ga = GradOf(0);
            if (ga is not null)
            {
                if (!transposeA) MatMulInto(false, gradOutput, n, !transposeB, b.Data, b.Dim(1), ga, m, k, n, accumulate: true);
                else MatMulInto(transposeB, b.Data, b.Dim(1), true, gradOutput, n, ga, k, m, n, accumulate: true);
            }
            var gb = GradOf(1);
            if (gb is not null)
            {
                if (!transposeB) MatMulInto(!transposeA, a.Data, a.Dim(1), false, gradOutput, n, gb, k, n, m, accumulate: true);
                else MatMulInto(true, gradOutput, n, transposeA, a.Data, a.Dim(1), gb, n, k, m, accumulate: true);
            }
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            Tensor? ga = null, gb = null;
            if (wanted[0])
                ga = transposeA ? MatMul(b, gradOutput, transposeB, true) : MatMul(gradOutput, b, false, !transposeB);
            if (wanted[1])
                gb = transposeB ? MatMul(gradOutput, a, true, transposeA) : MatMul(a, gradOutput, !transposeA, false);
            return [ga, gb];
        }
    }
}

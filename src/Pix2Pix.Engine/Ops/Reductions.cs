namespace Pix2Pix.Engine;

/// <summary>Sum and mean, over everything or over one dimension: forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>The sum of all elements, as a 0-dimensional tensor (accumulated in double).</summary>
    public static Tensor Sum(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Scalar((float)Kernels.Elementwise.Sum(x.Data));
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReduceAllNode(x, 1f)) : y;
    }

    /// <summary>The mean of all elements, as a 0-dimensional tensor.</summary>
    public static Tensor Mean(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0)
            throw new ArgumentException("Mean of an empty tensor is undefined; check the shape that produced it.", nameof(x));
        var y = Tensor.Scalar((float)(Kernels.Elementwise.Sum(x.Data) / x.Count));
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReduceAllNode(x, 1f / x.Count)) : y;
    }

    /// <summary>Sum over dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public static Tensor Sum(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: false);

    /// <summary>Mean over dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public static Tensor Mean(Tensor x, int dim, bool keepDim = false) => ReduceDim(x, dim, keepDim, mean: true);

    private static Tensor ReduceDim(Tensor x, int dim, bool keepDim, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = NormalizeDim(dim, x.Rank, mean ? "Mean" : "Sum");
        var (outer, size, inner) = Split3(x.Shape, d);
        var shape = x.ShapeArray().ToList();
        if (keepDim) shape[d] = 1; else shape.RemoveAt(d);
        var y = Tensor.ForOp(true, [.. shape]);
        float scale = mean && size > 0 ? 1f / size : 1f;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double s = 0;
                for (int k = 0; k < size; k++)
                    s += x.Data[(o * size + k) * inner + i];
                y.Data[o * inner + i] = (float)(s * scale);
            }
        }
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReduceDimNode(x, outer, size, inner, scale)) : y;
    }

    internal static int NormalizeDim(int dim, int rank, string opName)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"{opName}: dimension {dim} does not exist in a tensor of rank {rank}; use 0..{rank - 1} or a negative index from the end.");
        return d;
    }

    /// <summary>(product of dims before d, dim d, product of dims after d).</summary>
    internal static (int Outer, int Size, int Inner) Split3(ReadOnlySpan<int> shape, int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[d], inner);
    }

    private sealed class ReduceAllNode(Tensor x, float scale) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            float g = gradOutput[0] * scale;
            var gx = GradOf(0)!;
            for (int i = 0; i < gx.Length; i++)
                gx[i] += g;
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [Mul(Tensor.Full(scale, Inputs[0].ShapeArray()), Reshape(gradOutput, []))];
    }

    private sealed class ReduceDimNode(Tensor x, int outer, int size, int inner, float scale) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0)!;
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < size; k++)
                    for (int i = 0; i < inner; i++)
                        gx[(o * size + k) * inner + i] += gradOutput[o * inner + i] * scale;
        }

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) =>
            [Reshape(Mul(Tensor.Full(scale, outer, size, inner), Reshape(gradOutput, outer, 1, inner)), Inputs[0].ShapeArray())];
    }
}

namespace Pix2Pix.Engine;

/// <summary>Reshape (shares the buffer) and permute (copies): forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>The same elements under a new shape; one dimension may be −1 (inferred). Shares the buffer.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = (int[])shape.Clone();
        int infer = Array.IndexOf(resolved, -1);
        if (infer >= 0)
        {
            resolved[infer] = 1;
            int known = Tensor.CountOf(resolved);
            if (Array.IndexOf(resolved, -1, infer + 1) >= 0 || known == 0 || x.Count % known != 0)
                throw new ArgumentException($"Reshape: cannot infer the −1 in {Tensor.ShapeString(shape)} for {x.Count} elements; use at most one −1 and sizes that divide the element count.", nameof(shape));
            resolved[infer] = x.Count / known;
        }
        if (Tensor.CountOf(resolved) != x.Count)
            throw new ArgumentException($"Reshape: {Tensor.ShapeString(x.Shape)} has {x.Count} elements, which shape {Tensor.ShapeString(shape)} cannot hold; the element counts must match.", nameof(shape));
        var y = x.SharingBuffer(resolved);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new ReshapeNode(x)) : y;
    }

    /// <summary>Reorders dimensions: output dimension i is input dimension <paramref name="dims"/>[i]. Copies.</summary>
    public static Tensor Permute(Tensor x, params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dims);
        int rank = x.Rank;
        if (dims.Length != rank || dims.Distinct().Count() != rank || dims.Any(d => d < 0 || d >= rank))
            throw new ArgumentException($"Permute: {Tensor.ShapeString(dims)} is not a permutation of 0..{rank - 1} for a tensor of rank {rank}.", nameof(dims));
        var outShape = new int[rank];
        var inStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) { inStrides[d] = stride; stride *= x.Dim(d); }
        var srcStride = new int[rank];
        for (int i = 0; i < rank; i++) { outShape[i] = x.Dim(dims[i]); srcStride[i] = inStrides[dims[i]]; }
        var map = new int[x.Count]; // output element i reads input element map[i]
        var idx = new int[rank];
        int src = 0;
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = src;
            for (int d = rank - 1; d >= 0; d--)
            {
                idx[d]++;
                src += srcStride[d];
                if (idx[d] < outShape[d]) break;
                src -= srcStride[d] * outShape[d];
                idx[d] = 0;
            }
        }
        var y = Tensor.ForOp(true, outShape);
        for (int i = 0; i < map.Length; i++)
            y.Data[i] = x.Data[map[i]];
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new GatherNode(x, map)) : y;
    }

    private sealed class ReshapeNode(Tensor x) : Node(x)
    {
        public override void Backward(float[] gradOutput) => Kernels.Elementwise.AddScaled(gradOutput, 1f, GradOf(0)!);

        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted) => [Reshape(gradOutput, Inputs[0].ShapeArray())];
    }

    /// <summary>Backward of any op whose output element i is input element map[i].</summary>
    private sealed class GatherNode(Tensor x, int[] map) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0)!;
            for (int i = 0; i < map.Length; i++)
                gx[map[i]] += gradOutput[i];
        }
    }
}

namespace Pix2Pix.Engine;

/// <summary>Concatenation, slicing and splitting along a dimension (dim 1 = channels for skips): forward and backward.</summary>
internal static partial class Functional
{
    /// <summary>Joins tensors along <paramref name="dim"/>; all other dimensions must match (U-Net skips: dim 1).</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
            throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        var first = tensors[0];
        int d = NormalizeDim(dim, first.Rank, "Concat");
        int total = 0;
        foreach (var t in tensors)
        {
            bool ok = t.Rank == first.Rank;
            for (int i = 0; ok && i < t.Rank; i++)
                ok = i == d || t.Dim(i) == first.Dim(i);
            if (!ok)
                throw new ArgumentException($"Concat along dimension {d}: shapes {Tensor.ShapeString(first.Shape)} and {Tensor.ShapeString(t.Shape)} differ in another dimension; all other sizes must match.", nameof(tensors));
            total += t.Dim(d);
        }
        var shape = first.ShapeArray();
        shape[d] = total;
        var y = Tensor.ForOp(false, shape);
        var (outer, _, inner) = Split3(shape, d);
        int offset = 0;
        foreach (var t in tensors)
        {
            int block = t.Dim(d) * inner;
            float[] source = t.Data, destination = y.Data;
            for (int o = 0; o < outer; o++)
            {
                int from = o * block, to = o * total * inner + offset;
                // Large blocks (a batch-1 U-Net skip) are copied by several threads.
                Pointwise.Run(block, (start, length) => Array.Copy(source, from + start, destination, to + start, length));
            }
            offset += block;
        }
        var inputs = tensors.ToArray();
        return Autograd.ShouldRecord(inputs) ? Autograd.Attach(y, new ConcatNode(inputs, outer, total * inner)) : y;
    }

    public static Tensor Concat(Tensor a, Tensor b, int dim = 1) => Concat([a, b], dim);

    /// <summary>Elements [start, start + length) of dimension <paramref name="dim"/> (a copy).</summary>
    public static Tensor Slice(Tensor x, int dim, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        int d = NormalizeDim(dim, x.Rank, "Slice");
        if (start < 0 || length < 0 || start + length > x.Dim(d))
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) lies outside dimension {d} of size {x.Dim(d)}; start and length must be non-negative and fit.");
        var (outer, size, inner) = Split3(x.Shape, d);
        var shape = x.ShapeArray();
        shape[d] = length;
        var y = Tensor.ForOp(false, shape);
        for (int o = 0; o < outer; o++)
            Array.Copy(x.Data, (o * size + start) * inner, y.Data, o * length * inner, length * inner);
        return Autograd.ShouldRecord(x) ? Autograd.Attach(y, new SliceNode(x, outer, size * inner, start * inner, length * inner)) : y;
    }

    /// <summary>Splits dimension <paramref name="dim"/> into consecutive pieces of the given sizes.</summary>
    public static Tensor[] Split(Tensor x, int dim, params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sizes);
        int d = NormalizeDim(dim, x.Rank, "Split");
        if (sizes.Sum() != x.Dim(d) || sizes.Any(s => s < 0))
            throw new ArgumentException($"Split sizes {Tensor.ShapeString(sizes)} must be non-negative and add up to {x.Dim(d)}, the size of dimension {d}.", nameof(sizes));
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Slice(x, d, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    private sealed class ConcatNode(Tensor[] inputs, int outer, int outBlock) : Node(inputs)
    {
        public override void Backward(float[] gradOutput)
        {
            int offset = 0;
            for (int k = 0; k < Inputs.Length; k++)
            {
                var t = Inputs[k];
                int block = t.Count / Math.Max(outer, 1);
                var g = GradOf(k);
                if (g is not null)
                {
                    for (int o = 0; o < outer; o++)
                        Kernels.Elementwise.AddScaled(gradOutput.AsSpan(o * outBlock + offset, block), 1f, g.AsSpan(o * block, block));
                }
                offset += block;
            }
        }

        // Each input's gradient is its slice of g, viewed as [outer, outBlock].
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            var g2 = Reshape(gradOutput, outer, outBlock);
            var result = new Tensor?[Inputs.Length];
            int offset = 0;
            for (int k = 0; k < Inputs.Length; k++)
            {
                int block = Inputs[k].Count / Math.Max(outer, 1);
                if (wanted[k])
                    result[k] = Reshape(Slice(g2, 1, offset, block), Inputs[k].ShapeArray());
                offset += block;
            }
            return result;
        }
    }

    private sealed class SliceNode(Tensor x, int outer, int inBlock, int startOffset, int block) : Node(x)
    {
        public override void Backward(float[] gradOutput)
        {
            var gx = GradOf(0)!;
            for (int o = 0; o < outer; o++)
                Kernels.Elementwise.AddScaled(gradOutput.AsSpan(o * block, block), 1f, gx.AsSpan(o * inBlock + startOffset, block));
        }

        // g placed between zeros, viewed as [outer, inBlock].
        public override Tensor?[] BackwardGraph(Tensor gradOutput, bool[] wanted)
        {
            var pieces = new List<Tensor>(3);
            if (startOffset > 0)
                pieces.Add(Tensor.Zeros(outer, startOffset));
            pieces.Add(Reshape(gradOutput, outer, block));
            int after = inBlock - startOffset - block;
            if (after > 0)
                pieces.Add(Tensor.Zeros(outer, after));
            return [Reshape(Concat(pieces, 1), Inputs[0].ShapeArray())];
        }
    }
}

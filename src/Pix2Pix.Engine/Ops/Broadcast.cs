namespace Pix2Pix.Engine;

/// <summary>
/// NumPy broadcasting for two operands: the output shape and, for each output element, the offsets it reads
/// in a and in b. Only built when the shapes differ (same shapes and scalars have direct loops).
/// </summary>
internal sealed class Broadcast
{
    private Broadcast(int[] outShape, int[] aIndex, int[] bIndex)
    {
        OutShape = outShape;
        AIndex = aIndex;
        BIndex = bIndex;
    }

    public int[] OutShape { get; }

    public int[] AIndex { get; }

    public int[] BIndex { get; }

    public static Broadcast Plan(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string opName)
    {
        int rank = Math.Max(a.Length, b.Length);
        var outShape = new int[rank];
        var aStride = new int[rank];
        var bStride = new int[rank];
        int sa = 1, sb = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int da = d - (rank - a.Length) >= 0 ? a[d - (rank - a.Length)] : 1;
            int db = d - (rank - b.Length) >= 0 ? b[d - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{opName}: shapes {Tensor.ShapeString(a)} and {Tensor.ShapeString(b)} do not broadcast (dimension {d} is {da} vs {db}); sizes must match or be 1, e.g. a per-channel [1, C, 1, 1] over [N, C, H, W].");
            outShape[d] = Math.Max(da, db);
            aStride[d] = da == 1 ? 0 : sa;
            bStride[d] = db == 1 ? 0 : sb;
            sa *= da;
            sb *= db;
        }
        int count = Tensor.CountOf(outShape);
        var aIndex = new int[count];
        var bIndex = new int[count];
        var idx = new int[rank];
        int oa = 0, ob = 0;
        for (int i = 0; i < count; i++)
        {
            aIndex[i] = oa;
            bIndex[i] = ob;
            for (int d = rank - 1; d >= 0; d--)
            {
                idx[d]++;
                oa += aStride[d];
                ob += bStride[d];
                if (idx[d] < outShape[d])
                    break;
                oa -= aStride[d] * outShape[d];
                ob -= bStride[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return new Broadcast(outShape, aIndex, bIndex);
    }
}

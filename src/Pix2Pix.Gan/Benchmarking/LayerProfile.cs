namespace Pix2Pix.Gan.Benchmarking;

/// <summary>
/// One leaf layer met by <see cref="ShapeWalk"/>: its PyTorch dotted name (<c>model.model.1.model.0</c>), type, input and
/// output shapes, own parameter count, and multiply-add FLOPs (2 per multiply-add; non-zero for convolutions only).
/// </summary>
internal sealed record LayerProfile(string Name, string Type, IReadOnlyList<int> InputShape, IReadOnlyList<int> OutputShape, long Parameters, long Flops)
{
    /// <summary>The output shape as PyTorch prints a size: <c>[1, 64, 128, 128]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", OutputShape) + "]";
}

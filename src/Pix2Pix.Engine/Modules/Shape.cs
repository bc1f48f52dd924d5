namespace Pix2Pix.Engine.Modules;

/// <summary>PyTorch's <c>nn.Flatten()</c>: [N, d1, d2, …] → [N, d1·d2·…] (start_dim 1). Shares the buffer.</summary>
internal sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException($"Flatten expects [N, …] with at least two dimensions but got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        return Functional.Reshape(input, input.Dim(0), -1);
    }
}

/// <summary>PyTorch's <c>nn.Unflatten(1, shape)</c>: [N, C·H·W] → [N, C, H, W] (the write-ups' <c>x.view(-1, 256, 7, 7)</c>). Shares the buffer.</summary>
internal sealed class Unflatten : Module
{
    private readonly int[] _shape;

    public Unflatten(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 1))
            throw new ArgumentException($"Unflatten needs positive sizes; got ({string.Join(", ", shape)}).", nameof(shape));
        _shape = (int[])shape.Clone();
    }

    /// <summary>The shape of one sample after unflattening, e.g. (256, 7, 7).</summary>
    public IReadOnlyList<int> Shape => _shape;

    protected override string ExtraRepr() => $"dim=1, unflattened_size=({string.Join(", ", _shape)})";

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int per = Tensor.CountOf(_shape);
        if (input.Rank != 2 || input.Dim(1) != per)
            throw new ArgumentException($"Unflatten to ({string.Join(", ", _shape)}) expects [N, {per}] but got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        return Functional.Reshape(input, [input.Dim(0), .. _shape]);
    }
}

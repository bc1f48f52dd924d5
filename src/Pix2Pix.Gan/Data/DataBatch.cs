using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Data;

/// <summary>
/// Samples stacked along a new first axis: A and B are [N, C, H, W]; <see cref="B"/> is null for the single mode.
/// <see cref="Indices"/> are the dataset indices, in batch order.
/// </summary>
internal sealed record DataBatch(Tensor A, Tensor? B, IReadOnlyList<string> APaths, IReadOnlyList<string>? BPaths, IReadOnlyList<int> Indices)
{
    public int Size => Indices.Count;

    /// <summary>
    /// The generator's input under <paramref name="direction"/> (the reference's <c>real_A</c>): A for AtoB, B for
    /// BtoA. Without B (single mode) it is always A, as the reference's test model reads <c>input['A']</c>.
    /// </summary>
    public Tensor Input(Direction direction) => direction == Direction.AtoB || B is null ? A : B;

    /// <summary>The target under <paramref name="direction"/> (the reference's <c>real_B</c>); null without B (single mode).</summary>
    public Tensor? Target(Direction direction) => B is null ? null : direction == Direction.AtoB ? B : A;

    /// <summary>The files of <see cref="Input"/> (the reference's <c>image_paths</c>).</summary>
    public IReadOnlyList<string> InputPaths(Direction direction) => direction == Direction.AtoB || BPaths is null ? APaths : BPaths;

    /// <summary>Stacks samples into one batch; all A tensors (and all B tensors) must have the same shape.</summary>
    /// <exception cref="DataException">Two samples have different shapes (mixed image sizes).</exception>
    public static DataBatch Stack(IReadOnlyList<DataSample> samples, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(indices);
        if (samples.Count == 0)
            throw new ArgumentException("A batch needs at least one sample.", nameof(samples));
        Tensor a = StackTensors(samples, s => s.A, s => s.APath);
        Tensor? b = samples[0].B is null ? null : StackTensors(samples, s => s.B!, s => s.BPath ?? s.APath);
        var aPaths = samples.Select(s => s.APath).ToArray();
        string[]? bPaths = b is null ? null : samples.Select(s => s.BPath ?? s.APath).ToArray();
        return new DataBatch(a, b, aPaths, bPaths, indices.ToArray());
    }

    private static Tensor StackTensors(IReadOnlyList<DataSample> samples, Func<DataSample, Tensor> pick, Func<DataSample, string> path)
    {
        Tensor first = pick(samples[0]);
        int per = first.Count;
        float[] data = new float[per * samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            Tensor t = pick(samples[i]) ?? throw new DataException($"'{path(samples[i])}' has no B image while others in the batch do.");
            if (!t.Shape.SequenceEqual(first.Shape))
                throw new DataException(
                    $"Images in one batch came out with different sizes: '{path(samples[0])}' gives {Describe(first)} but '{path(samples[i])}' gives {Describe(t)}. " +
                    "With --batch_size above 1 every image must end up the same size: use --preprocess resize_and_crop, crop or scale_width_and_crop, resize the images to one size, or use --batch_size 1.");
            t.Data.AsSpan().CopyTo(data.AsSpan(i * per, per));
        }
        int[] shape = new int[first.Rank + 1];
        shape[0] = samples.Count;
        first.Shape.CopyTo(shape.AsSpan(1));
        return new Tensor(data, shape);
    }

    private static string Describe(Tensor t) => $"[{string.Join(", ", t.Shape.ToArray())}]";
}

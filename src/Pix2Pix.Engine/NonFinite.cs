namespace Pix2Pix.Engine;

/// <summary>The first NaN or ±Inf of a tensor: its name, how many there are, where the first is and what it is.</summary>
internal sealed record NonFiniteFinding(string Name, int Count, int FirstIndex, float FirstValue)
{
    /// <summary>"'net_G.model.0.weight' has 3 non-finite values (the first, at index 17, is NaN)".</summary>
    public string Describe() =>
        $"'{Name}' has {Count} non-finite value{(Count == 1 ? "" : "s")} (the first, at index {FirstIndex}, is {(float.IsNaN(FirstValue) ? "NaN" : FirstValue > 0 ? "+Inf" : "-Inf")})";
}

/// <summary>Finds NaN and ±Inf in tensors: the guard a training run applies before every save and a load applies to what it read.</summary>
internal static class NonFinite
{
    /// <summary>The first float tensor of <paramref name="tensors"/> (in name order) holding a NaN or ±Inf; null when all are finite.</summary>
    public static NonFiniteFinding? Find(StateDict tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (string name in tensors.Names)
        {
            if (tensors.TryGetFloat(name, out Tensor t) && Find(name, t.Data) is { } finding)
                return finding;
        }
        return null;
    }

    /// <summary>The non-finite values of <paramref name="values"/>, or null when all are finite.</summary>
    public static NonFiniteFinding? Find(string name, ReadOnlySpan<float> values)
    {
        int first = IndexOfNonFinite(values);
        if (first < 0)
            return null;
        int count = 0;
        for (int i = first; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                count++;
        }
        return new NonFiniteFinding(name, count, first, values[first]);
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // x − x is 0 for every finite x and NaN for NaN and ±Inf; a block sum stays 0 unless the block holds one.
        const int Block = 256;
        for (int start = 0; start < values.Length; start += Block)
        {
            var block = values.Slice(start, Math.Min(Block, values.Length - start));
            float sum = 0f;
            foreach (float v in block)
                sum += v - v;
            if (sum != 0f)
            {
                for (int i = 0; i < block.Length; i++)
                {
                    if (!float.IsFinite(block[i]))
                        return start + i;
                }
            }
        }
        return -1;
    }
}

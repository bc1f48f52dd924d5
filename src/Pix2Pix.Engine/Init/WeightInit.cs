using Pix2Pix.Engine.Modules;

namespace Pix2Pix.Engine.Init;

/// <summary>The reference's <c>--init_type</c> choices.</summary>
internal enum InitType
{
    Normal,
    Xavier,
    Kaiming,
    Orthogonal,
}

/// <summary>
/// The reference's <c>init_weights(net, init_type, init_gain)</c>: every Conv2d, ConvTranspose2d and Linear weight
/// gets N(0, gain) / xavier_normal(gain) / kaiming_normal(a = 0, fan_in) / orthogonal(gain) and its bias 0; every
/// BatchNorm2d weight N(1, gain) and bias 0 (the reference matches the class name 'BatchNorm2d' only). Modules are
/// visited children first, as <c>nn.Module.apply</c>. All draws come from the given <see cref="Rng"/>.
/// </summary>
internal static class WeightInit
{
    public static void Apply(Module network, InitType type, float gain, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rng);
        if (!Enum.IsDefined(type))
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown init type; use normal, xavier, kaiming or orthogonal.");
        foreach (var module in PostOrder(network))
        {
            switch (module)
            {
                case Conv2d c: InitLayer(c.Weight, c.Bias, type, gain, rng); break;
                case ConvTranspose2d t: InitLayer(t.Weight, t.Bias, type, gain, rng); break;
                case Linear l: InitLayer(l.Weight, l.Bias, type, gain, rng); break;
                case BatchNorm2d b:
                    if (b.Weight is not null) rng.FillNormal(b.Weight.Data, 1f, gain);
                    if (b.Bias is not null) Array.Clear(b.Bias.Data);
                    break;
            }
        }
    }

    /// <summary>Parses the reference's spelling (<c>normal</c>, <c>xavier</c>, <c>kaiming</c>, <c>orthogonal</c>).</summary>
    public static InitType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "NORMAL" => InitType.Normal,
            "XAVIER" => InitType.Xavier,
            "KAIMING" => InitType.Kaiming,
            "ORTHOGONAL" => InitType.Orthogonal,
            _ => throw new ArgumentException($"Initialization method '{name}' is not implemented; use normal, xavier, kaiming or orthogonal.", nameof(name)),
        };
    }

    /// <summary>PyTorch's fan-in and fan-out of a weight: size(1)·receptive field and size(0)·receptive field.</summary>
    public static (int FanIn, int FanOut) Fans(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank < 2)
            throw new ArgumentException($"Fan in and fan out need a weight of rank 2 or more but got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        int receptive = 1;
        for (int d = 2; d < weight.Rank; d++) receptive *= weight.Dim(d);
        return (weight.Dim(1) * receptive, weight.Dim(0) * receptive);
    }

    /// <summary>N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor weight, float gain, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (fanIn, fanOut) = Fans(weight);
        rng.FillNormal(weight.Data, 0f, gain * MathF.Sqrt(2f / (fanIn + fanOut)));
    }

    /// <summary>kaiming_normal(a = 0, mode = fan_in): N(0, 2 / fan_in).</summary>
    public static void KaimingNormal(Tensor weight, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (fanIn, _) = Fans(weight);
        rng.FillNormal(weight.Data, 0f, MathF.Sqrt(2f) / MathF.Sqrt(fanIn));
    }

    /// <summary>
    /// A (semi-)orthogonal matrix times gain, from the QR of a standard normal matrix with R's diagonal made
    /// positive, viewed as [size(0), rest] (PyTorch's orthogonal_).
    /// </summary>
    public static void Orthogonal(Tensor weight, float gain, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rng);
        if (weight.Rank < 2)
            throw new ArgumentException($"Orthogonal init needs a weight of rank 2 or more but got {Tensor.ShapeString(weight.Shape)}.", nameof(weight));
        int rows = weight.Dim(0), cols = weight.Count / rows;
        var a = new double[rows * cols];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextNormal();
        bool transposed = rows < cols;
        int m = transposed ? cols : rows, n = transposed ? rows : cols; // tall m×n, columns j: element (i, j)
        double At(int i, int j) => transposed ? a[j * cols + i] : a[i * cols + j];
        // Modified Gram–Schmidt on the n columns gives Q with R's diagonal positive (= q·sign(diag r)).
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            var v = new double[m];
            for (int i = 0; i < m; i++) v[i] = At(i, j);
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[k][i] * v[i];
                for (int i = 0; i < m; i++) v[i] -= dot * q[k][i];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += v[i] * v[i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) v[i] /= norm;
            q[j] = v;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                weight.Data[r * cols + c] = (float)(gain * (transposed ? q[r][c] : q[c][r]));
    }

    private static void InitLayer(Tensor weight, Tensor? bias, InitType type, float gain, Rng rng)
    {
        switch (type)
        {
            case InitType.Normal: rng.FillNormal(weight.Data, 0f, gain); break;
            case InitType.Xavier: XavierNormal(weight, gain, rng); break;
            case InitType.Kaiming: KaimingNormal(weight, rng); break;
            default: Orthogonal(weight, gain, rng); break;
        }
        if (bias is not null)
            Array.Clear(bias.Data);
    }

    private static IEnumerable<Module> PostOrder(Module m)
    {
        foreach (var (_, child) in m.NamedChildren)
            foreach (var d in PostOrder(child))
                yield return d;
        yield return m;
    }
}

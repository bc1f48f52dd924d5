namespace Pix2Pix.Engine;

/// <summary>Classification: PyTorch's <c>F.cross_entropy</c> (mean reduction) and a row softmax for reading probabilities.</summary>
internal static partial class Functional
{
    /// <summary>
    /// mean over rows of −log softmax(logits)[label]: logits [N, K], labels [N] or [N, 1] holding class indices 0…K−1 as
    /// floats (as the mnist dataset serves them). Log-sum-exp is taken from the row maximum, so any finite logit is safe.
    /// Backward: (softmax − one-hot) / N into the logits; the labels get no gradient.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Rank != 2 || logits.Dim(0) == 0 || logits.Dim(1) == 0)
            throw new ArgumentException($"Cross entropy expects logits [N, K] with N, K > 0, not {Tensor.ShapeString(logits.Shape)}.", nameof(logits));
        int n = logits.Dim(0), k = logits.Dim(1);
        if (labels.Count != n || labels.Rank > 2)
            throw new ArgumentException($"Cross entropy expects {n} labels ([N] or [N, 1]) for logits {Tensor.ShapeString(logits.Shape)}, not {Tensor.ShapeString(labels.Shape)}.", nameof(labels));
        var classes = new int[n];
        double sum = 0;
        float[] x = logits.Data;
        for (int r = 0; r < n; r++)
        {
            float label = labels.Data[r];
            int c = (int)label;
            if (c != label || c < 0 || c >= k)
                throw new ArgumentException($"Label {label} of row {r} is not a class index 0–{k - 1}.", nameof(labels));
            classes[r] = c;
            sum += LogSumExp(x.AsSpan(r * k, k)) - x[r * k + c];
        }
        var y = Tensor.Scalar((float)(sum / n));
        return Autograd.ShouldRecord(logits) ? Autograd.Attach(y, new CrossEntropyNode(logits, classes)) : y;
    }

    /// <summary>softmax over the last dimension of [N, K] logits (no gradient: for reading probabilities).</summary>
    public static float[] SoftmaxRows(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2)
            throw new ArgumentException($"Softmax expects logits [N, K], not {Tensor.ShapeString(logits.Shape)}.", nameof(logits));
        int n = logits.Dim(0), k = logits.Dim(1);
        var p = new float[n * k];
        for (int r = 0; r < n; r++)
            Softmax(logits.Data.AsSpan(r * k, k), p.AsSpan(r * k, k));
        return p;
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row)
            max = Math.Max(max, v);
        double s = 0;
        foreach (float v in row)
            s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    private static void Softmax(ReadOnlySpan<float> row, Span<float> output)
    {
        double lse = LogSumExp(row);
        for (int i = 0; i < row.Length; i++)
            output[i] = (float)Math.Exp(row[i] - lse);
    }

    private sealed class CrossEntropyNode(Tensor logits, int[] classes) : Node(logits)
    {
        public override void Backward(float[] gradOutput)
        {
            var g = GradOf(0);
            if (g is null)
                return;
            int n = logits.Dim(0), k = logits.Dim(1);
            float scale = gradOutput[0] / n;
            Span<float> p = k <= 256 ? stackalloc float[k] : new float[k];
            for (int r = 0; r < n; r++)
            {
                Softmax(logits.Data.AsSpan(r * k, k), p);
                p[classes[r]] -= 1f;
                for (int j = 0; j < k; j++)
                    g[r * k + j] += p[j] * scale;
            }
        }
    }
}

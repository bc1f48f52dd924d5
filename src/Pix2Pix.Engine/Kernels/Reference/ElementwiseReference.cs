namespace Pix2Pix.Engine.Kernels.Reference;

/// <summary>Plain scalar versions of the vectorized <see cref="Elementwise"/> kernels, for tests.</summary>
/// <seealso cref="Elementwise"/>
internal static class ElementwiseReference
{
    /// <seealso cref="Elementwise.Add"/>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] + b[i];
    }

    /// <seealso cref="Elementwise.Subtract"/>
    public static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] - b[i];
    }

    /// <seealso cref="Elementwise.Multiply"/>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] * b[i];
    }

    /// <seealso cref="Elementwise.ScaleShift"/>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] * scale + shift;
    }

    /// <seealso cref="Elementwise.AddScaled"/>
    public static void AddScaled(ReadOnlySpan<float> x, float scale, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++) destination[i] += x[i] * scale;
    }

    /// <seealso cref="Elementwise.AddProduct"/>
    public static void AddProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        for (int i = 0; i < a.Length; i++) destination[i] += a[i] * b[i];
    }

    /// <seealso cref="Elementwise.LeakyRelu"/>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : x[i] * slope;
    }

    /// <seealso cref="Elementwise.LeakyReluBackward"/>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float slope, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += x[i] > 0f ? dy[i] : dy[i] * slope;
    }

    /// <summary>tanh in double precision, rounded once to float.</summary>
    /// <seealso cref="Elementwise.Tanh"/>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = (float)Math.Tanh(x[i]);
    }

    /// <seealso cref="Elementwise.TanhBackward"/>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < y.Length; i++) dx[i] += dy[i] * (1f - y[i] * y[i]);
    }

    /// <summary>The sigmoid in double precision, rounded once to float.</summary>
    /// <seealso cref="Elementwise.Sigmoid(ReadOnlySpan{float}, Span{float})"/>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = (float)(1.0 / (1.0 + Math.Exp(-(double)x[i])));
    }

    /// <seealso cref="Elementwise.SigmoidBackward"/>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < y.Length; i++) dx[i] += dy[i] * y[i] * (1f - y[i]);
    }
}
